async (inputs) => {
  // A header claiming a far-ahead index must not make us derive more than maxSkippedPerChain keys.
  const c = await startConversation(inputs);
  const reply = await c.bob.encrypt(Bytes.utf8('first reply'));
  const before = await c.alice.stateDigest();
  const withIndex = (n) => {
    const m = Uint8Array.from(reply);
    m.set(Bytes.u32(n), 71);
    return m;
  };
  const results = {};
  for (const n of [O.Limits.maxSkippedPerChain, O.Limits.maxSkippedPerChain + 1, 0xffffffff]) {
    const r = await c.alice.decrypt(withIndex(n), c.aliceRandom);
    results[`index_${n}`] = r.ok ? 'accepted' : r.error;
    results[`index_${n}_state_unchanged`] = (await c.alice.stateDigest()) === before;
  }
  results.skipped_keys_held = c.alice.skippedKeyCount;
  return results;
}
