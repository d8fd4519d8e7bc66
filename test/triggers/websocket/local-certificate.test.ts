// The local API certificate: a real X.509 certificate for 127.0.0.1 and localhost that OpenSSL
// (through Node's X509Certificate) reads and verifies, made once per folder and reused, made again
// when its files do not hold a matching pair.

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localCertificate, trustEnvironment } from '../../../src/triggers/websocket/local-certificate.ts';

const folder = mkdtempSync(join(tmpdir(), 'local-certificate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the local API certificate', () => {
  it('is a self-signed certificate for 127.0.0.1 and localhost that verifies with its own key', () => {
    const made = localCertificate(folder);
    const cert = new X509Certificate(made.cert);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
    expect(trustEnvironment(made)).toEqual({ NODE_EXTRA_CA_CERTS: join(folder, 'local-api-cert.pem'), AWS_CA_BUNDLE: join(folder, 'local-api-cert.pem') });
  });

  it('is reused while its files hold a matching pair, and made again when they do not', () => {
    const first = localCertificate(folder);
    expect(localCertificate(folder).cert).toBe(first.cert);
    writeFileSync(join(folder, 'local-api-key.pem'), localCertificate(mkdtempSync(join(folder, 'other-'))).key);
    const again = localCertificate(folder);
    expect(again.cert).not.toBe(first.cert);
    expect(new X509Certificate(again.cert).verify(new X509Certificate(again.cert).publicKey)).toBe(true);
  });
});
