// The certificate a local WebSocket API answers TLS with, so the callback URL AWS's own samples
// build, https://{domainName}/{stage}, works here too (and wss://): one self-signed certificate
// for 127.0.0.1 and localhost, made once per user (like the local KMS key), which the template's
// functions trust through NODE_EXTRA_CA_CERTS (Node.js) and AWS_CA_BUNDLE (boto3).
// Node.js has no API that makes certificates, so this writes the few DER structures of an X.509
// certificate itself (RFC 5280 4.1; DER per ITU-T X.690) and signs it with ECDSA P-256 (RFC 5758).
// Sources: https://nodejs.org/api/cli.html#node_extra_ca_certsfile
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-gen-config.html (AWS_CA_BUNDLE)

import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), length(body.length), body]);
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const integer = (b: Buffer) => tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const oid = (dotted: string) => {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [first! * 40 + second!];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
};
const generalizedTime = (d: Date) => tlv(0x18, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`));
const extension = (id: string, critical: boolean, value: Buffer) => sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));

function makeCertificate(): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from('Lambda Dojo local APIs')))));
  const now = Date.now();
  const validity = sequence(generalizedTime(new Date(now - 24 * 3600_000)), generalizedTime(new Date(now + 5 * 365 * 24 * 3600_000)));
  const altNames = sequence(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost')));
  const extensions = tlv(0xa3, sequence(extension('2.5.29.19', true, sequence(tlv(0x01, Buffer.from([0xff])))), extension('2.5.29.17', false, altNames)));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(tlv(0xa0, integer(Buffer.from([2]))), integer(randomBytes(16)), ecdsaWithSha256, name, validity, name, spki, extensions);
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

export interface LocalCertificate {
  /** The certificate's PEM file, which clients trust. */
  certFile: string;
  cert: string;
  key: string;
}

export function localCertificateFolder(): string {
  return process.env.LAMBDA_DOJO_CERT_DIR ?? join(homedir(), '.config', 'lambda-dojo');
}

function readUsable(certFile: string, keyFile: string): LocalCertificate | undefined {
  try {
    if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const parsed = new X509Certificate(cert);
    if (Date.parse(parsed.validTo) > Date.now() + 30 * 24 * 3600_000 && parsed.checkPrivateKey(createPrivateKey(key))) return { certFile, cert, key };
  } catch {
    // unreadable, or a pair half written: made again
  }
  return undefined;
}

/**
 * The user's local API certificate, made on first use and again when unreadable or within a
 * month of expiry. Processes starting together (parallel tests) take turns through a lock file,
 * so the files always hold one matching pair.
 */
export function localCertificate(folder = localCertificateFolder()): LocalCertificate {
  const certFile = join(folder, 'local-api-cert.pem');
  const keyFile = join(folder, 'local-api-key.pem');
  const lockFile = join(folder, 'local-api-cert.lock');
  mkdirSync(folder, { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 200; attempt++) {
    const usable = readUsable(certFile, keyFile);
    if (usable) return usable;
    let lock: number;
    try {
      lock = openSync(lockFile, 'wx');
    } catch {
      // Another process is making it; a lock older than 10 s was left by one that died.
      try {
        if (Date.now() - statSync(lockFile).mtimeMs > 10_000) rmSync(lockFile, { force: true });
      } catch {
        // gone meanwhile
      }
      Atomics.wait(pause, 0, 0, 50);
      continue;
    }
    try {
      const made = makeCertificate();
      writeFileSync(keyFile, made.key, { mode: 0o600 });
      chmodSync(keyFile, 0o600);
      writeFileSync(certFile, made.cert);
      return { certFile, ...made };
    } finally {
      closeSync(lock);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not make the local API certificate in ${folder}: ${lockFile} stayed locked. Delete it and start again.`);
}

/** What a function needs to trust it: Node.js adds NODE_EXTRA_CA_CERTS to its roots; boto3 verifies against AWS_CA_BUNDLE. */
export function trustEnvironment(certificate: Pick<LocalCertificate, 'certFile'>): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: certificate.certFile, AWS_CA_BUNDLE: certificate.certFile };
}
