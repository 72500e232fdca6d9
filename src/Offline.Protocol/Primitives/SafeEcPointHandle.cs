using System.Runtime.InteropServices;

namespace Offline.Protocol.Primitives;

/// <summary>An EC_POINT, wiped on release (a shared-secret point is one).</summary>
internal sealed class SafeEcPointHandle : SafeHandle
{
    public SafeEcPointHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EC_POINT_clear_free(handle);
        return true;
    }
}
