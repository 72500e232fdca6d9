async (inputs) => {
  const alice = window.interopAlice;
  const opened = expectOk(await alice.session.decrypt(unhex(inputs.message), Random.system), 'the C# reply');
  const awaiting = alice.session.awaitingFirstReply;
  const next = await alice.session.encrypt(Bytes.utf8('after your reply'));
  return { text: Bytes.utf8Text(opened.plaintext), awaiting_first_reply: awaiting, next: hex(next), next_has_prekey_header: next.length > P.PrekeyHeader.size && next[1] === 1 };
}
