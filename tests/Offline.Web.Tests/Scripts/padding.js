async (inputs) => {
  const padded = inputs.cases.map((c) => P.Padding.pad(unhex(c.content), c.reserve));
  padded.forEach((p, i) => check(hex(expectOk(P.Padding.unpad(p), 'unpad').content) === inputs.cases[i].content, `case ${i} round-trips`));
  return { padded: padded.map(hex) };
}
