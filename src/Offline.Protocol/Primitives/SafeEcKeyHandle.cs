using System.Runtime.InteropServices;

namespace Offline.Protocol.Primitives;

/// <summary>An EC_KEY; EC_KEY_free wipes its private scalar.</summary>
internal sealed class SafeEcKeyHandle : SafeHandle
{
    public SafeEcKeyHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EC_KEY_free(handle);
        return true;
    }
}
