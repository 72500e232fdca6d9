async (inputs) => {
  const c = await startConversation(inputs);
  return {
    prekey_header: hex(c.first.slice(0, P.PrekeyHeader.size)),
    first_message: hex(c.first),
    conversation_secret: hex(c.alice.conversationSecret),
    bob_plaintext_utf8: Bytes.utf8Text(c.bobPlaintext),
  };
}
