// The web app's signed-statement parsers (Release.parse, Canary.parse) on statements and hostile variants made
// by the C# reference (Offline.Protocol.Statements): each case's error name (or "None"), and for the
// cell reader, that a Canary answer (0x8B) on a paced connection is a known op.
async (inputs) => {
  const A = O.App;
  const trusted = Bytes.fromHex(inputs.trustedKey);
  const manifests = [];
  for (const c of inputs.manifests) {
    const r = await A.Release.parse(Bytes.fromHex(c.bytes), trusted);
    manifests.push({ name: c.name, error: r.ok ? 'None' : r.error });
  }
  const canaries = [];
  for (const c of inputs.canaries) {
    const r = await A.Canary.parse(Bytes.fromHex(c.bytes));
    canaries.push({ name: c.name, error: r.ok ? 'None' : r.error, statement: r.ok ? r.statement : null });
  }
  const statuses = [];
  for (const c of inputs.freshness) {
    const v = await A.Canary.evaluate(Bytes.fromHex(c.bytes), null, A.Canary.dayOf(c.today));
    statuses.push(v.status);
  }
  const reader = new A.Wire.CellWriter(1024);
  reader.enqueue(A.Wire.encodeStreamFrame(A.Wire.ops.canary, 7, Bytes.utf8('offline-canary v1\n')));
  const accepted = new A.Wire.CellReader(1024).accept(reader.nextCell());
  return {
    manifests,
    canaries,
    statuses,
    canaryCell: accepted.ok ? accepted.frames.map((f) => ({ op: f.op, requestId: f.requestId })) : accepted.error,
    noCanary: A.Wire.errors[12],
    fingerprint: await A.Statement.fingerprint(Bytes.fromHex(inputs.trustedKey)),
  };
}
