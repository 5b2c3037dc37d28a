using CustomerHealth.Billing.Ledger;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.Reporting;

/// <summary>
/// Converts money into the reporting currency at the configured rates, respecting each currency's
/// minor unit (JPY has none, KWD three). A currency without a rate cannot be converted: callers
/// leave it out of totals and say so.
/// </summary>
public sealed class ReportingCurrency
{
    // ISO 4217 currencies whose minor unit is not 1/100.
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    private readonly Dictionary<string, decimal> _rates;

    public ReportingCurrency(string code, IReadOnlyDictionary<string, decimal> rates)
    {
        Code = code;
        _rates = new Dictionary<string, decimal>(rates, StringComparer.Ordinal) { [code] = 1m };
    }

    public ReportingCurrency(IOptions<BillingOptions> options)
        : this(options.Value.ReportingCurrency, options.Value.ExchangeRates)
    {
    }

    public string Code { get; }

    public bool CanConvert(string currency) => _rates.ContainsKey(currency);

    /// <summary>Minor units of the reporting currency, rounded half to even; null without a rate.</summary>
    public long? ToReportingMinor(Money money)
    {
        if (money.Currency == Code)
        {
            return money.Minor;
        }

        if (!_rates.TryGetValue(money.Currency, out var rate))
        {
            return money.Minor == 0 ? 0 : null;
        }

        var scale = Pow10(ExponentOf(Code) - ExponentOf(money.Currency));
        return (long)decimal.Round(money.Minor * rate * scale, MidpointRounding.ToEven);
    }

    public static int ExponentOf(string currency) => Exponents.GetValueOrDefault(currency, 2);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }
}
