namespace Offline.Protocol.Statements;

/// <summary>A well-signed canary judged against today's date.</summary>
public enum CanaryFreshness
{
    /// <summary>Today is before issued + period-days.</summary>
    Fresh,

    /// <summary>The operator has not renewed it within its stated period: treat the statement as withdrawn.</summary>
    Expired,

    /// <summary>Dated more than <see cref="StatementLimits.MaxCanaryFutureDays"/> ahead: a wrong clock here or at the operator.</summary>
    FromTheFuture,
}
