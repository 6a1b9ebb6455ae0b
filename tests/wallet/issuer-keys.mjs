// Node-only: a fresh test issuer key and self-signed certificate, made with the openssl CLI
// (the same kind of certificate a real PID issuer would put in x5c), converted for the
// browser-safe wallet: the private key as a JWK, the certificate as DER.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Returns {certificatePem, certificateDer (Uint8Array), privateJwk, writeTrust(dir)}.
 * writeTrust puts the PEM into a trust folder (the verifier's --wallet-trust DIR) and returns
 * the file's path.
 */
export function makeIssuerKeys({ cn = 'Test PID Issuer', days = 30 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'idv-issuer-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-nodes', '-days', String(days), '-subj', `/CN=${cn}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    const certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const privateJwk = createPrivateKey(readFileSync(join(dir, 'key.pem'))).export({ format: 'jwk' });
    const certificateDer = new Uint8Array(new X509Certificate(certificatePem).raw);
    return {
      certificatePem, certificateDer, privateJwk,
      writeTrust(trustDir, name = 'test-pid-issuer.pem') {
        mkdirSync(trustDir, { recursive: true });
        const file = join(trustDir, name);
        writeFileSync(file, certificatePem);
        return file;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
