async () => {
  // The vendored ML-KEM-768 and Chromium's Web Crypto ML-KEM-768 agree in both directions, with the
  // private key imported from the same 64-byte seed (format "raw-seed").
  const K = O.Primitives.MlKem768;
  const seed = await Random.system.bytes(K.seedSize);
  const encapsulationKey = K.encapsulationKeyFromSeed(seed);
  const algorithm = { name: 'ML-KEM-768' };

  const vendored = await K.encapsulate(encapsulationKey, Random.system);
  const privateKey = await crypto.subtle.importKey('raw-seed', seed, algorithm, false, ['decapsulateBits']);
  const native = new Uint8Array(await crypto.subtle.decapsulateBits(algorithm, privateKey, vendored.ciphertext));

  const publicKey = await crypto.subtle.importKey('raw-public', encapsulationKey, algorithm, true, ['encapsulateBits']);
  const exported = new Uint8Array(await crypto.subtle.exportKey('raw-public', publicKey));
  const nativeEncapsulation = await crypto.subtle.encapsulateBits(algorithm, publicKey);
  const vendoredSecret = K.decapsulate(seed, new Uint8Array(nativeEncapsulation.ciphertext));
  return {
    same_encapsulation_key: hex(exported) === hex(encapsulationKey),
    native_decapsulates_vendored: hex(native) === hex(vendored.sharedSecret),
    vendored_decapsulates_native: hex(vendoredSecret) === hex(new Uint8Array(nativeEncapsulation.sharedKey)),
  };
}
