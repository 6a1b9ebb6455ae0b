// English catalogue, bundled (the others are fetched on demand: web/messages/*.json).
// Keys from docs/bridge.md (status.*, detail.*) plus the widget's own UI keys.
// `submitted` says what happened — data entry finished — and nothing about a decision.
export default {
  'status.loading': 'Preparing your verification…',
  'status.awaitingScan': 'Scan the QR code with your phone to continue your verification.',
  'status.customerActive': 'Verification in progress on your other device. Keep this page open.',
  'status.submitted': 'Your details were submitted. The check usually takes a few minutes.',
  'status.expired': 'This verification link has expired.',
  'status.cancelled': 'This verification was cancelled.',
  'status.failed': 'This verification could not be completed.',
  'status.error': 'The verification cannot be shown right now.',
  'status.decided': 'Your verification has been reviewed. The shop will tell you what happens next.',
  'detail.checking': 'We are checking your documents. This usually takes a few minutes; this page updates by itself.',
  // Counts take Intl.PluralRules forms (web/src/i18n.js); `other` is required.
  'detail.retrying': {
    one: 'Connection problem. Trying again in {seconds} second.',
    other: 'Connection problem. Trying again in {seconds} seconds.',
  },
  'detail.offline': 'You seem to be offline. We will continue when the connection is back.',
  'detail.rateLimited': {
    one: 'The service is busy. Trying again in {seconds} second.',
    other: 'The service is busy. Trying again in {seconds} seconds.',
  },
  'detail.notFound': 'This verification could not be found.',
  'detail.invalidReference': 'The verification reference is not valid.',
  'detail.portalRejected': 'The verification page address is not trusted, so it is not shown.',
  'detail.badResponse': 'The service sent an unexpected response.',
  'action.verify': 'Verify on this device',
  'action.retry': 'Try again',
  'action.restart': 'Not you? Start again',
  'action.wallet': 'Use your digital ID',
  'detail.walletPresenting': 'Continue in your digital ID wallet.',
  'detail.walletAccepted': 'Your digital ID was received. One moment…',
  'detail.walletCancelled': 'The digital ID request was cancelled. You can try again or scan the QR code.',
  'detail.walletRefused': 'Your digital ID could not be accepted. Please scan the QR code to verify another way.',
  'detail.walletFailed': 'Your digital ID could not be checked right now. Try again or scan the QR code.',
  'qr.label': 'QR code that opens the verification page on your phone',
  'link.prompt': 'Cannot scan the code? Open this link:',
  'code.prompt': 'No camera? On your phone, go to this address and enter the code:',
  'match.prompt': 'Check that your phone shows the same number:',
};
