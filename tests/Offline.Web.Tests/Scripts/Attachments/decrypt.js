async (inputs) => {
  const A = P.Attachment;
  const { pointer } = expectOk(A.Pointer.parse(unhex(inputs.pointer)), 'pointer from C#');
  const addresses = await Promise.all(inputs.chunks.map((_, i) => A.chunkAddress(pointer, i)));
  const { item } = expectOk(await A.decrypt(pointer, inputs.chunks.map(unhex)), 'decrypt what C# encrypted');
  const message = expectOk(P.ContentMessage.parse(unhex(inputs.voice_note)), 'voice note from C#').message;
  return {
    item_sha256: hex(await O.Primitives.Sha256.digest(item)),
    addresses: addresses.map(hex),
    voice_note_pointer: hex(A.Pointer.encode(expectOk(P.ContentMessage.attachment(message), 'voice note pointer').pointer)),
    voice_note_duration_ms: P.ContentMessage.durationMs(message),
    voice_note_waveform: hex(P.ContentMessage.waveform(message)),
  };
}
