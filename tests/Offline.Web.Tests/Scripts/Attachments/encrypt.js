async (inputs) => {
  const A = P.Attachment;
  const item = await Random.system.bytes(inputs.length);
  const { pointer, chunks, addresses } = expectOk(await A.encrypt(item, A.mediaTypes.webmOpus), 'encrypt');
  const image = P.ContentMessage.image(new Uint8Array(16), 7n, pointer, 'from the browser', 640, 480);
  return {
    item: hex(item),
    pointer: hex(A.Pointer.encode(pointer)),
    chunks: chunks.map(hex),
    addresses: addresses.map(hex),
    image: hex(P.ContentMessage.encode(image)),
  };
}
