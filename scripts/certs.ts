// `npm run certs`: the development PKI's command line (the CA under .data/pki, which `npm start`
// creates). Issue a platform's client certificate, or revoke one (its serial goes on the CRL the
// hub checks; restart the translator to load it).
//
//   npm run certs -- --platform 37 --out DIR [--days 825] [--pki .data/pki]
//   npm run certs -- --revoke DIR/platform-37.pem [--pki .data/pki]
import { X509Certificate } from "node:crypto";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PROVINCES } from "@tongxing/domain";
import { addToRevocationList, ensureDevPki, loadCertificateAuthority, writePlatformCertificate } from "@tongxing/pki";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: { platform: { type: "string" }, out: { type: "string" }, days: { type: "string" }, pki: { type: "string" }, revoke: { type: "string" }, help: { type: "boolean" } },
});
const usage = "usage: npm run certs -- --platform 37 --out DIR [--days 825] [--pki .data/pki]\n       npm run certs -- --revoke CERT.pem [--pki .data/pki]";

async function main(): Promise<void> {
  if (values.help === true || (values.platform === undefined && values.revoke === undefined)) {
    console.log(usage);
    return;
  }
  const dir = resolve(root, values.pki ?? process.env.TONGXING_PKI_DIR ?? ".data/pki");
  // The same development CA `npm start` uses (created here if this is the first command run).
  const paths = await ensureDevPki({ dir, platforms: PROVINCES.map((p) => p.code) });
  const ca = await loadCertificateAuthority(paths);
  if (values.revoke !== undefined) {
    const cert = new X509Certificate(await readFile(values.revoke));
    const crl = existsSync(paths.crl) ? await readFile(paths.crl, "utf8") : undefined;
    await writeFile(paths.crl, await addToRevocationList(ca, crl, cert.serialNumber));
    console.log(`revoked serial ${cert.serialNumber.toLowerCase()} (${cert.subjectAltName ?? cert.subject}); CRL ${paths.crl}; restart the translator to load it`);
    return;
  }
  const platform = values.platform as string;
  if (values.out === undefined) throw new Error(`--out DIR is required\n${usage}`);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new Error(`--days must be a positive integer, got ${values.days}`);
  const certFile = join(out, `platform-${platform}.pem`);
  const keyFile = join(out, `platform-${platform}-key.pem`);
  const serial = await writePlatformCertificate(ca, platform, certFile, keyFile, days);
  await copyFile(paths.caCert, join(out, "ca.pem"));
  console.log(`issued platform ${platform} (SAN URI urn:tongxing:platform:${platform}, serial ${serial})`);
  console.log(`  certificate ${certFile}\n  key         ${keyFile}\n  hub CA      ${join(out, "ca.pem")}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
