import "./reflect-polyfill.js";
export { createCertificateAuthority, issueCertificate } from "./certificate-authority.js";
export type { CertificateAuthority, CertificateAuthorityOptions, CertificateSubject, IssuedCertificate, IssueOptions } from "./certificate-authority.js";
export { addToRevocationList, createRevocationList, revokedSerials } from "./revocation-list.js";
export type { RevocationListOptions } from "./revocation-list.js";
export { PLATFORM_URI_PREFIX, platformUri, platformsOfSubjectAltName } from "./platform-uri.js";
export { ensureDevPki, loadCertificateAuthority, pkiPaths, writePlatformCertificate } from "./dev-pki.js";
export type { DevPkiOptions, PkiPaths } from "./dev-pki.js";
