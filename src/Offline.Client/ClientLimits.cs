namespace Offline.Client;

/// <summary>Every limit of the client engine, with its reason.</summary>
public static class ClientLimits
{
    /// <summary>Argon2id memory in KiB (64 MiB): costly to guess passphrases on GPUs, fine on a phone-class machine.</summary>
    public const int PassphraseMemoryKib = 64 * 1024;

    /// <summary>Argon2id passes: with 64 MiB about 0.2 s here, once per unlock.</summary>
    public const int PassphrasePasses = 3;

    /// <summary>Argon2id lanes: one, so the cost does not depend on the machine's cores.</summary>
    public const int PassphraseParallelism = 1;

    /// <summary>Salt for the passphrase KDF, fresh per home directory.</summary>
    public const int PassphraseSaltSize = 16;

    /// <summary>Records are padded to the protocol's buckets so file sizes do not tell a short message from a long one.</summary>
    public const int MaxRecordSize = 1024 * 1024;
}
