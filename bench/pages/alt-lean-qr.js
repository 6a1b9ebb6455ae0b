// The smallest useful page with npm `lean-qr`: one QR (ECC M) drawn into a canvas in the DOM.
import { generate, correction } from 'lean-qr';

const text = new URLSearchParams(location.search).get('text') || 'https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10';
const canvas = document.createElement('canvas');
document.body.append(canvas);
generate(text, { minCorrectionLevel: correction.M, maxCorrectionLevel: correction.M }).toCanvas(canvas);
