async (inputs) => {
  const valid = inputs.id;
  // Change one character in the middle to another alphabet character: same length, wrong checksum.
  const middle = Math.floor(valid.length / 2);
  const swapped = valid.slice(0, middle) + (valid[middle] === 'a' ? 'b' : 'a') + valid.slice(middle + 1);
  const texts = {
    valid, padded_with_whitespace: `\t ${valid} \n`, empty: '', no_prefix: valid.slice(4), wrong_prefix: 'of2_' + valid.slice(4),
    upper_prefix: 'OF1_' + valid.slice(4), zero: valid.slice(0, 8) + '0' + valid.slice(9), capital_o: valid.slice(0, 8) + 'O' + valid.slice(9),
    capital_i: valid.slice(0, 8) + 'I' + valid.slice(9), lower_l: valid.slice(0, 8) + 'l' + valid.slice(9),
    short: valid.slice(0, -3), long: valid + 'z', only_prefix: 'of1_', checksum: swapped,
  };
  const results = {};
  for (const [name, text] of Object.entries(texts)) {
    const r = await P.OfflineId.parse(text);
    results[name] = r.ok ? r.id.text : r.error;
  }
  return results;
}
