namespace Offline.Client.Messaging;

/// <summary>A queue this device reads: its address and the owner secret that proves it to the relay.</summary>
public sealed record QueueRegistration(byte[] Address, byte[] OwnerSecret);
