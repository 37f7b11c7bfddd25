import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A CA and one server certificate it issued; all PEM. */
export interface SandboxPki {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** The DNS names the server certificate covers (wildcards included). */
  readonly dnsNames: readonly string[];
}

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

function rsaKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
} {
  // Node's native generator: node-forge's pure-JS RSA generation takes seconds.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function serial(): string {
  // Positive, 16 bytes: a leading 0x01-0x7f byte keeps the DER integer positive.
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function baseCertificate(publicKey: forge.pki.PublicKey, validDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - ONE_DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + validDays * ONE_DAY_MS);
  return cert;
}

/**
 * Generates a fresh CA (valid for `validDays`, default 30) and a server certificate for the given
 * real host names. The keys live only in memory: every sandbox run has its own CA.
 */
export function createSandboxPki(dnsNames: readonly string[], validDays = 30): SandboxPki {
  const caKeys = rsaKeyPair();
  const ca = baseCertificate(caKeys.publicKey, validDays);
  const caSubject = [{ name: 'commonName', value: `winshift sandbox CA ${serial().slice(0, 8)}` }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeyPair();
  const leaf = baseCertificate(leafKeys.publicKey, validDays);
  leaf.setSubject([{ name: 'commonName', value: dnsNames[0] ?? 'localhost' }]);
  leaf.setIssuer(caSubject);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey),
    dnsNames: [...dnsNames],
  };
}
