async (inputs) => {
  const results = {};
  const c = await startConversation(inputs);
  // Operations on one session queue up: two decrypts started together both succeed, in call order.
  const b1 = await c.bob.encrypt(Bytes.utf8('b1'));
  const b2 = await c.bob.encrypt(Bytes.utf8('b2'));
  const both = await Promise.all([c.alice.decrypt(b2, c.aliceRandom), c.alice.decrypt(b1, c.aliceRandom)]);
  results.concurrent_decrypts = both.map((r) => (r.ok ? Bytes.utf8Text(r.plaintext) : r.error));
  // A deterministic stream hands out consecutive bytes to concurrent draws, in call order.
  const together = Random.deterministic('offline-vector-random');
  const parts = await Promise.all([together.bytes(3), together.bytes(50), together.bytes(2)]);
  const alone = await Random.deterministic('offline-vector-random').bytes(55);
  results.concurrent_draws_in_order = hex(Bytes.concat(...parts)) === hex(alone);
  // The responder remembers at most maxRememberedHandshakes handshakes, forgetting the oldest first.
  const store = new P.InMemoryPrekeyStore(c.prekeySet);
  for (let i = 0; i <= O.Limits.maxRememberedHandshakes; i++) {
    store.rememberHandshake(Bytes.u32(i));
  }
  results.oldest_forgotten = !store.hasSeenHandshake(Bytes.u32(0));
  results.second_oldest_kept = store.hasSeenHandshake(Bytes.u32(1));
  results.newest_kept = store.hasSeenHandshake(Bytes.u32(O.Limits.maxRememberedHandshakes));
  return results;
}
