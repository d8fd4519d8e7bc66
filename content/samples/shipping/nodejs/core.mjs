// The core: plain values in, plain values out; nothing of Lambda.
export function shippingCents(weightGrams, express = false) {
  const standard = 500 + 2 * Math.ceil(weightGrams / 100);
  return express ? standard * 2 : standard;
}
