using System.Runtime.InteropServices;

namespace Offline.Protocol.Primitives;

/// <summary>An EC_GROUP (only the shared P-256 group exists).</summary>
internal sealed class SafeEcGroupHandle : SafeHandle
{
    public SafeEcGroupHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EC_GROUP_free(handle);
        return true;
    }
}
