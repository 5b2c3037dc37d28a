using CustomerHealth.Feedback;
using CustomerHealth.Feedback.Api;
using CustomerHealth.Feedback.Metrics;
using CustomerHealth.Feedback.Sentiment;
using CustomerHealth.Feedback.Surveys;
using CustomerHealth.Feedback.Tickets;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("feedback");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("feedback");
builder.AddCustomerHealthMarten("feedback", FeedbackStore.Configure);
builder.Services.AddOptions<FeedbackOptions>().BindConfiguration("Feedback");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => CommentSentiment.FromEmbeddedLexicon());
builder.Services.AddSingleton<SurveyResponseRecorder>();
builder.Services.AddSingleton<SupportTicketRecorder>();
builder.Services.AddSingleton<FeedbackQueries>();
builder.Services.AddSingleton<TicketVersionBackfill>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<TicketVersionBackfill>());

var app = builder.Build();
app.UseErrorResponses();
app.MapGrpcService<FeedbackGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
