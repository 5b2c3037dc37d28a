using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Portfolio;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using JasperFx.Events.Projections;
using Marten;

namespace CustomerHealth.Scoring;

/// <summary>
/// Scoring's Marten schema: one event stream per account (keyed by account id), the aggregate and
/// lean read models with computed indexes on every filter and sort column of the portfolio lists.
/// </summary>
public static class ScoringStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.AddEventTypes([
            typeof(RevenueRecorded), typeof(UsageMeasured), typeof(SurveyAnswered), typeof(SupportTicketUpdated),
            typeof(PaymentFailed), typeof(PaymentRecovered), typeof(SubscriptionCancelled), typeof(RenewalDateSet),
            typeof(AccountUpserted), typeof(ScoreOverridden), typeof(ScoreOverrideCleared),
            typeof(ChurnRiskAlertAcknowledged), typeof(ChurnRiskAlertSnoozed), typeof(ChurnRiskAlertResolvedByHand),
            typeof(ChurnRiskAlertRaised), typeof(ChurnRiskAlertCleared),
        ]);

        opts.Schema.For<ScoredAccount>().UseOptimisticConcurrency(true);
        opts.Schema.For<Scorecard>().Identity(s => s.Id);
        opts.Schema.For<RescoreProgressDocument>();
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(AccountHealth))
            {
                AtRiskListIndexes.Apply(mapping);
            }
        });
        opts.Storage.ExtendedSchemaObjects.Add(PortfolioTotalsTable.Define(opts.DatabaseSchemaName));
        opts.Storage.ExtendedSchemaObjects.Add(PortfolioTotalsTable.DefineRenewals(opts.DatabaseSchemaName));
        opts.Storage.ExtendedSchemaObjects.Add(ScoredAccountVersionCheck.Define(opts.DatabaseSchemaName));
        opts.Schema.For<ChurnRiskAlert>()
            .Duplicate(x => x.AccountId)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.RaisedAt)
            .Duplicate(x => x.OwnerCsm!)
            .Duplicate(x => x.Segment!)
            .Duplicate(x => x.Band);

        // The async daemon (HotCold) keeps the per-account signal activity for coverage views.
        opts.Projections.Add<AccountActivityProjection>(ProjectionLifecycle.Async);
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
    }
}
