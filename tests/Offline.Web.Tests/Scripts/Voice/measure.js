// Voice effects, measured in the page (App/VoiceEffectTests). A known voiced tone — a 150 Hz sawtooth
// shaped by two formant-like peaks — goes through the app's own VoiceEffects graph; the result's
// fundamental is estimated with YIN (autocorrelation-style difference function), and Robot's spectrum
// read with Goertzel filters. Modes:
//   graph:    every effect rendered in an OfflineAudioContext (48 kHz, 2 s)
//   recorded: VoiceRecorder with the (fake) microphone: record, stop, decode the recorded WebM/Opus bytes
//   oggPlayback: a recording remuxed into Ogg/Opus (media type 16, the CLI's), decoded, and put in a voice bubble
//   captured: the f0 of the note a voice bubble played (window.__voiceBlobs[0], put there by the test)
//   switchWhileRecording: Normal for 1.2 s, then High, in one recording; the mic's tracks stopped after
async (inputs) => {
  const { VoiceEffects, VoiceRecorder } = O.Voice;
  const rate = 48000;

  /** YIN: the f0 (Hz) of each 2048-sample frame of `x` from `from` to `to` seconds; null where unvoiced. */
  function pitchTrack(x, sampleRate, from, to) {
    const window = 1024;
    const minLag = Math.floor(sampleRate / 500);
    const maxLag = Math.ceil(sampleRate / 60);
    const out = [];
    for (let start = Math.floor(from * sampleRate); start + window + maxLag < Math.min(x.length, to * sampleRate); start += 512) {
      const d = new Float64Array(maxLag + 1);
      for (let lag = 1; lag <= maxLag; lag++) {
        let sum = 0;
        for (let j = 0; j < window; j++) {
          const diff = x[start + j] - x[start + j + lag];
          sum += diff * diff;
        }
        d[lag] = sum;
      }
      const cmnd = new Float64Array(maxLag + 1);
      let running = 0;
      for (let lag = 1; lag <= maxLag; lag++) {
        running += d[lag];
        cmnd[lag] = running === 0 ? 1 : (d[lag] * lag) / running;
      }
      let lag = -1;
      for (let t = minLag; t < maxLag; t++) {
        if (cmnd[t] < 0.2) {
          while (t + 1 < maxLag && cmnd[t + 1] < cmnd[t]) {
            t++;
          }
          lag = t;
          break;
        }
      }
      if (lag < 0) {
        out.push(null);
        continue;
      }
      const [a, b, c] = [cmnd[lag - 1], cmnd[lag], cmnd[lag + 1]];
      const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
      out.push(sampleRate / (lag + shift));
    }
    return out;
  }

  function summary(track) {
    const voiced = track.filter((f) => f !== null).sort((p, q) => p - q);
    return {
      frames: track.length, voiced: voiced.length,
      median: voiced.length === 0 ? null : voiced[Math.floor(voiced.length / 2)],
      p10: voiced.length === 0 ? null : voiced[Math.floor(voiced.length * 0.1)],
      p90: voiced.length === 0 ? null : voiced[Math.floor(voiced.length * 0.9)],
    };
  }

  /** Power (dB, relative) at `hz` over x[from..to), Hann-windowed Goertzel. */
  function powerDb(x, sampleRate, hz, from, to) {
    const a = Math.floor(from * sampleRate);
    const n = Math.floor(to * sampleRate) - a;
    const k = (2 * Math.cos((2 * Math.PI * hz) / sampleRate));
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const w = Math.sin((Math.PI * i) / n) ** 2;
      const s = x[a + i] * w + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    return 10 * Math.log10(power / (n * n) + 1e-30);
  }

  function rms(x, sampleRate, from, to) {
    let sum = 0;
    const a = Math.floor(from * sampleRate);
    const b = Math.floor(to * sampleRate);
    for (let i = a; i < b; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / (b - a));
  }

  /** The voiced test tone on `context`: a sawtooth at `hz` through two formant peaks and a gentle low-pass. */
  function voicedTone(context, hz) {
    const osc = context.createOscillator();
    osc.type = 'sawtooth';
    osc.frequency.value = hz;
    const f1 = new BiquadFilterNode(context, { type: 'peaking', frequency: 700, Q: 2, gain: 12 });
    const f2 = new BiquadFilterNode(context, { type: 'peaking', frequency: 1200, Q: 2, gain: 9 });
    const lowpass = new BiquadFilterNode(context, { type: 'lowpass', frequency: 3000 });
    const level = new GainNode(context, { gain: 0.15 });
    osc.connect(f1).connect(f2).connect(lowpass).connect(level);
    return { osc, output: level };
  }

  async function renderEffect(effect, seconds, switchTo) {
    const context = new OfflineAudioContext(1, seconds * rate, rate);
    const tone = voicedTone(context, inputs.f0);
    const graph = VoiceEffects.create(context, effect);
    tone.output.connect(graph.input);
    graph.output.connect(context.destination);
    tone.osc.start(0);
    if (switchTo) {
      context.suspend(switchTo.at).then(() => {
        graph.select(switchTo.effect);
        context.resume();
      });
    }
    const buffer = await context.startRendering();
    return buffer.getChannelData(0);
  }

  if (inputs.mode === 'graph') {
    const results = {};
    for (const effect of VoiceEffects.names) {
      const x = await renderEffect(effect, 2);
      results[effect] = {
        pitch: summary(pitchTrack(x, rate, 0.2, 1.95)),
        rmsOut: rms(x, rate, 0.2, 1.95),
        db: Object.fromEntries([inputs.f0 - VoiceEffects.robotHz, inputs.f0, inputs.f0 + VoiceEffects.robotHz].map((hz) => [String(hz), powerDb(x, rate, hz, 0.2, 1.95)])),
      };
    }
    // Switching while running: Normal for 1 s, then Deep; each half measured on its own.
    const switched = await renderEffect('normal', 2, { at: 1, effect: 'deep' });
    results.switched = { before: summary(pitchTrack(switched, rate, 0.2, 0.95)), after: summary(pitchTrack(switched, rate, 1.1, 1.95)) };
    return results;
  }

  if (inputs.mode === 'recorded') {
    const recording = await VoiceRecorder.start({ effect: inputs.effect });
    await new Promise((resolve) => setTimeout(resolve, inputs.ms));
    const note = await recording.stop();
    const { audio } = await VoiceRecorder.analyse(note.bytes);
    const x = audio.getChannelData(0);
    return {
      bytes: note.bytes.length, mediaType: note.mediaType, durationMs: note.durationMs, waveform: Array.from(note.waveform),
      head: hex(note.bytes.subarray(0, 4)), pitch: summary(pitchTrack(x, audio.sampleRate, 0.3, audio.duration - 0.1)),
      db: Object.fromEntries([inputs.f0 - VoiceEffects.robotHz, inputs.f0, inputs.f0 + VoiceEffects.robotHz]
        .map((hz) => [String(hz), powerDb(x, audio.sampleRate, hz, 0.3, audio.duration - 0.1)])),
    };
  }

  if (inputs.mode === 'switchWhileRecording') {
    // Watch the microphone stream the recorder gets, to see its tracks stopped afterwards.
    const streams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
    const recording = await VoiceRecorder.start({ effect: 'normal' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    recording.setEffect('high');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const note = await recording.stop();
    delete navigator.mediaDevices.getUserMedia;
    const { audio } = await VoiceRecorder.analyse(note.bytes);
    const x = audio.getChannelData(0);
    return {
      before: summary(pitchTrack(x, audio.sampleRate, 0.3, 1.0)),
      after: summary(pitchTrack(x, audio.sampleRate, 1.5, audio.duration - 0.1)),
      tracksEnded: streams.length === 1 && streams[0].getTracks().every((t) => t.readyState === 'ended'),
    };
  }

  /**
   * The Opus packets of a MediaRecorder WebM (EBML: Segment → Tracks → CodecPrivate = OpusHead, and
   * Segment → Cluster → SimpleBlock frames, no lacing), written again as Ogg/Opus (RFC 3533 pages,
   * RFC 7845 headers): what the CLI sends as media type 16, made here from a real recording.
   */
  function webmToOgg(webm) {
    const masters = new Set([0x18538067, 0x1f43b675, 0x1654ae6b, 0xae]);
    let head = null;
    const packets = [];
    const vint = (at, keepMarker) => {
      const first = webm[at];
      let length = 1;
      while (length <= 8 && !(first & (0x80 >> (length - 1)))) {
        length++;
      }
      let value = keepMarker ? first : first & (0xff >> length);
      let unknown = value === (0xff >> length);
      for (let i = 1; i < length; i++) {
        value = value * 256 + webm[at + i];
        unknown = unknown && webm[at + i] === 0xff;
      }
      return { value, length, unknown };
    };
    const walk = (from, to) => {
      let at = from;
      while (at < to) {
        const id = vint(at, true);
        const size = vint(at + id.length, false);
        const body = at + id.length + size.length;
        const end = size.unknown ? to : body + size.value;
        if (masters.has(id.value)) {
          walk(body, end);
        } else if (id.value === 0x63a2) {
          head = webm.slice(body, end);
        } else if (id.value === 0xa3) {
          const track = vint(body, false);
          packets.push(webm.slice(body + track.length + 3, end));
        }
        at = end;
      }
    };
    walk(0, webm.length);
    check(head !== null, 'OpusHead in the WebM');
    const crcTable = new Uint32Array(256).map((_, i) => {
      let c = i << 24;
      for (let k = 0; k < 8; k++) {
        c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
      }
      return c >>> 0;
    });
    const serial = 0x0ff11e;
    const pages = [];
    const page = (packet, granule, flags, sequence) => {
      const lacing = [...new Array(Math.floor(packet.length / 255)).fill(255), packet.length % 255];
      const out = new Uint8Array(27 + lacing.length + packet.length);
      const view = new DataView(out.buffer);
      out.set([0x4f, 0x67, 0x67, 0x53, 0, flags]);
      view.setBigUint64(6, BigInt(granule), true);
      view.setUint32(14, serial, true);
      view.setUint32(18, sequence, true);
      out[26] = lacing.length;
      out.set(lacing, 27);
      out.set(packet, 27 + lacing.length);
      let crc = 0;
      for (const b of out) {
        crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ b) & 0xff]) >>> 0;
      }
      view.setUint32(22, crc, true);
      pages.push(out);
    };
    // Samples (at 48 kHz) in one Opus packet: the TOC byte's configuration and frame count (RFC 6716 §3.1).
    const samplesIn = (packet) => {
      const config = packet[0] >> 3;
      const frame = config < 12 ? [480, 960, 1920, 2880][config % 4] : config < 16 ? [480, 960][config % 2] : [120, 240, 480, 960][config % 4];
      const code = packet[0] & 3;
      return frame * (code === 0 ? 1 : code === 3 ? packet[1] & 0x3f : 2);
    };
    const vendor = Bytes.utf8('offline-test');
    const tags = Bytes.concat(Bytes.utf8('OpusTags'), Uint8Array.of(vendor.length, 0, 0, 0), vendor, new Uint8Array(4));
    page(head, 0, 0x02, 0);
    page(tags, 0, 0, 1);
    let granule = 0;
    packets.forEach((packet, i) => {
      granule += samplesIn(packet);
      page(packet, granule, i === packets.length - 1 ? 0x04 : 0, i + 2);
    });
    return { ogg: Bytes.concat(...pages), packets: packets.length };
  }

  if (inputs.mode === 'oggPlayback') {
    const recording = await VoiceRecorder.start({ effect: 'deep' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const note = await recording.stop();
    const { ogg, packets } = webmToOgg(note.bytes);
    const decoded = await VoiceRecorder.analyse(ogg);
    const facts = { state: 'ready', mediaType: 16, durationMs: decoded.durationMs, waveform: Array.from(decoded.waveform) };
    document.body.replaceChildren(O.Voice.voiceBubble({ id: 'ogg', attachment: facts }, async () => ogg));
    return {
      packets, bytes: ogg.length, head: hex(ogg.subarray(0, 4)), durationMs: decoded.durationMs, webmDurationMs: note.durationMs,
      pitch: summary(pitchTrack(decoded.audio.getChannelData(0), decoded.audio.sampleRate, 0.3, decoded.audio.duration - 0.1)),
    };
  }

  if (inputs.mode === 'captured') {
    // The note a voice bubble played: the Blob it made an object URL of (captured by the test).
    const blob = window.__voiceBlobs[0];
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const { audio, durationMs } = await VoiceRecorder.analyse(bytes);
    return {
      type: blob.type, bytes: bytes.length, head: hex(bytes.subarray(0, 4)), durationMs,
      pitch: summary(pitchTrack(audio.getChannelData(0), audio.sampleRate, 0.3, audio.duration - 0.1)),
    };
  }

  throw new Error(`unknown mode ${inputs.mode}`);
}
