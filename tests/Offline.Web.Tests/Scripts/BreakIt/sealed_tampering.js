async (inputs) => {
  const sender = await P.IdentityKeyPair.fromSecret(unhex(inputs.sender_secret));
  const recipient = await P.IdentityKeyPair.fromSecret(unhex(inputs.recipient_secret));
  const envelope = unhex(inputs.envelope);
  const open = async (who, bytes) => {
    const r = await P.SealedEnvelope.open(who, bytes);
    return r.ok ? 'accepted' : r.error;
  };
  const flip = (at) => {
    const b = Uint8Array.from(envelope);
    b[at] ^= 0x01;
    return b;
  };
  return {
    untouched: await open(recipient, envelope),
    version: await open(recipient, flip(0)),
    sender_box: await open(recipient, flip(100)),
    content_box: await open(recipient, flip(envelope.length - 1)),
    short: await open(recipient, envelope.slice(0, P.SealedEnvelope.overhead - 1)),
    wrong_recipient: await open(sender, envelope),
  };
}
