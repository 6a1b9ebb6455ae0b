// English catalogue. Keys from docs/bridge.md (status.*, detail.*) plus the widget's own UI keys.
// `submitted` says what happened — data entry finished — and nothing about a decision.
export default {
  'status.loading': 'Preparing your verification…',
  'status.awaitingScan': 'Scan the QR code with your phone to continue your verification.',
  'status.customerActive': 'Verification in progress on your other device. Keep this page open.',
  'status.submitted': 'Your details were submitted. The check itself can take a few minutes.',
  'status.expired': 'This verification link has expired.',
  'status.cancelled': 'This verification was cancelled.',
  'status.failed': 'This verification could not be completed.',
  'status.error': 'The verification cannot be shown right now.',
  'detail.retrying': 'Connection problem. Trying again in {seconds} s.',
  'detail.offline': 'You seem to be offline. We will continue when the connection is back.',
  'detail.rateLimited': 'The service is busy. Trying again in {seconds} s.',
  'detail.notFound': 'This verification could not be found.',
  'detail.invalidReference': 'The verification reference is not valid.',
  'detail.portalRejected': 'The verification page address is not trusted, so it is not shown.',
  'detail.badResponse': 'The service sent an unexpected response.',
  'action.verify': 'Verify on this device',
  'action.retry': 'Try again',
  'qr.label': 'QR code that opens the verification page on your phone',
  'link.prompt': 'Cannot scan the code? Open this link:',
};
