using System.Globalization;
using CustomerHealth.Scoring.Signals;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>Field rules for directory entries, shared by UpsertAccount and the CSV import.</summary>
public static class AccountDirectoryValidation
{
    public static FieldViolations Validate(UpsertAccountRequest r)
    {
        var v = new FieldViolations()
            .RequireId("account_id", r.AccountId)
            .RequireText("name", r.Name, 200)
            .OptionalText("segment", r.Segment, 50)
            .OptionalText("owner_csm", r.OwnerCsm, 100)
            .OptionalText("updated_by", r.UpdatedBy, 100);
        if (r.HasLicensedSeats && r.LicensedSeats < 0)
        {
            v.Add("licensed_seats", "must not be negative.");
        }

        if (r.RenewalDate.Length > 0 && !TryParseDay(r.RenewalDate, out _))
        {
            v.Add("renewal_date", "must be a date as YYYY-MM-DD.");
        }

        if (r.ParentAccountId.Length > 0)
        {
            v.RequireId("parent_account_id", r.ParentAccountId);
            if (r.ParentAccountId == r.AccountId)
            {
                v.Add("parent_account_id", "must not be the account itself.");
            }
        }

        return v;
    }

    public static AccountUpserted ToEntry(UpsertAccountRequest r, DateTimeOffset now) => new(
        r.Name.Trim(),
        r.Segment.Trim().ToLowerInvariant(),
        r.OwnerCsm.Trim(),
        r.HasLicensedSeats ? r.LicensedSeats : null,
        TryParseDay(r.RenewalDate, out var day) ? day : null,
        r.ParentAccountId.Length > 0 ? r.ParentAccountId : null,
        string.IsNullOrWhiteSpace(r.UpdatedBy) ? "api" : r.UpdatedBy,
        now);

    public static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
