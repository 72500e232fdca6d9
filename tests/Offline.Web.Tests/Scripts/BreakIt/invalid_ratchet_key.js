async (inputs) => {
  const c = await startConversation(inputs);
  const reply = await c.bob.encrypt(Bytes.utf8('first reply'));
  const before = await c.alice.stateDigest();
  const bad = Uint8Array.from(reply);
  bad.set(unhex('04' + '00'.repeat(64)), 2);
  const r = await c.alice.decrypt(bad, c.aliceRandom);
  return { error: r.error, state_unchanged: (await c.alice.stateDigest()) === before };
}
