// Loaded first on every test page: records CSP violations and uncaught errors for the tests.
window.idvLog = { csp: [], errors: [], events: [] };
document.addEventListener('securitypolicyviolation', (e) =>
  window.idvLog.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
window.addEventListener('error', (e) => window.idvLog.errors.push(String(e.message)));
