using System.Runtime.InteropServices;

namespace Offline.Protocol.Primitives;

/// <summary>A BIGNUM, wiped on release (it may hold a private scalar).</summary>
internal sealed class SafeBignumHandle : SafeHandle
{
    public SafeBignumHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.BN_clear_free(handle);
        return true;
    }
}
