using System.Runtime.Versioning;

// The private network runs the Debian tor package and reads /proc and ss: these tests are Linux-only.
[assembly: SupportedOSPlatform("linux")]
