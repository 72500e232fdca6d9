async (inputs) => {
  const C = P.ContentMessage;
  const id = unhex(inputs.id);
  const target = unhex(inputs.target);
  const at = BigInt(inputs.sent_at_ms);
  const messages = {
    text: C.text(id, at, 'hi'),
    reply: C.text(id, at, 're: hi', target),
    read_receipt: C.readReceipt(id, at, [target]),
    typing: C.typing(id, at, true),
    reaction: C.reaction(id, at, target, '🔥'),
    delete_for_everyone: C.deletion(id, at, target, true),
    cover: C.cover(id),
  };
  const out = {};
  for (const [name, message] of Object.entries(messages)) {
    const encoded = C.encode(message);
    const parsed = expectOk(C.parse(encoded), `${name} parses`);
    check(hex(C.encode(parsed.message)) === hex(encoded), `${name} re-encodes identically`);
    out[name] = hex(encoded);
  }
  return out;
}
