// Debian's Chromium through playwright-core (no browser download): headless, no network services,
// and a fresh profile (playwright-core's launch() makes a new temporary user-data-dir each time).
import { chromium, type Browser } from "playwright-core";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
