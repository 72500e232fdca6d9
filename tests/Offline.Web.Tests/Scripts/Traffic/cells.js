// The web app's cell codec against the C# one: decode C#'s cells, encode the same frames, and name the
// error of every bad cell; and the op and error-code tables. Inputs: { frames: [{op, id, body}], cells: [hex], bad: [{prefix: [hex], cell: hex}] }.
async (inputs) => {
  const W = O.App.Wire;
  const reader = new W.CellReader(1024);
  const decoded = [];
  for (const cell of inputs.cells) {
    const result = reader.accept(unhex(cell));
    check(result.ok, `C# cell rejected: ${result.error}`);
    result.frames.forEach((f) => decoded.push({ op: f.op, id: f.requestId, body: hex(f.body) }));
  }
  check(!reader.insideFrame, 'a frame is left open');
  const writer = new W.CellWriter(1024);
  inputs.frames.forEach((f) => writer.enqueue(W.encodeStreamFrame(f.op, f.id, unhex(f.body))));
  const encoded = [];
  while (writer.bufferedBytes > 0) {
    encoded.push(hex(writer.nextCell()));
  }
  const idle = hex(writer.nextCell());
  const errors = inputs.bad.map((b) => {
    const r = new W.CellReader(b.size);
    for (const p of b.prefix) {
      check(r.accept(unhex(p)).ok, 'prefix cell rejected');
    }
    const result = r.accept(unhex(b.cell));
    return result.ok ? 'None' : result.error;
  });
  let tooLong = null;
  try {
    W.encodeStreamFrame(0x05, 1, new Uint8Array(W.maxBodySize + 1));
  } catch (e) {
    tooLong = e.name;
  }
  return { decoded, encoded, idle, errors, tooLong, capacity: W.cellCapacity(1024), maxBody: W.maxBodySize, ops: W.ops, errorNames: W.errors };
}
