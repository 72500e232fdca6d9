async (inputs) => {
  const c = await startConversation(inputs);
  const wire = {};
  const received = [];
  const sent = new Map();
  for (const e of inputs.events) {
    if (e.op === 'send') {
      const session = e.from === 'alice' ? c.alice : c.bob;
      const message = await session.encrypt(Bytes.utf8(e.text));
      sent.set(e.id, message);
      wire[e.id] = hex(message);
    } else {
      const alice = e.to === 'alice';
      const opened = expectOk(await (alice ? c.alice : c.bob).decrypt(sent.get(e.id), alice ? c.aliceRandom : c.bobRandom), `receive ${e.id}`);
      received.push({ to: e.to, id: e.id, text: Bytes.utf8Text(opened.plaintext) });
    }
  }
  return { wire, received };
}
