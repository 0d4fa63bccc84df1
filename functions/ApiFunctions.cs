using CadrePipeline.Azure.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CadrePipeline.Functions;

/// <summary>
/// The HTTP API: one function per route of <see cref="ApiRoutes"/>, each behind the function key, each handing the
/// request to <see cref="ApiDispatcher"/>, which validates the bearer token, checks the user's role and area against
/// the route's and runs the shared handler. The Functions host needs one attribute per trigger; the names, methods and paths come
/// from the table, and FunctionsMetadataTests checks the built metadata against it.
/// </summary>
public sealed class ApiFunctions(ApiDispatcher api)
{
    [Function(nameof(ApiRoutes.GetAccess))]
    public Task<IActionResult> GetAccessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.AccessPath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.GetAccess, request, cancellationToken);

    [Function(nameof(ApiRoutes.ListSubmissions))]
    public Task<IActionResult> ListSubmissionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.SubmissionsPath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.ListSubmissions, request, cancellationToken);

    [Function(nameof(ApiRoutes.GetSubmission))]
    public Task<IActionResult> GetSubmissionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.SubmissionPath)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.GetSubmission, request, cancellationToken, ("id", id));

    /// <summary>Multipart upload, read as a stream; the file is stored and the blob trigger processes it.</summary>
    [Function(nameof(ApiRoutes.UploadSubmission))]
    public Task<IActionResult> UploadSubmissionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.UploadPath)] HttpRequest request, string county, string period, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.UploadSubmission, request, cancellationToken, ("county", county), ("period", period));

    [Function(nameof(ApiRoutes.ReplaySubmission))]
    public Task<IActionResult> ReplaySubmissionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ReplayPath)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.ReplaySubmission, request, cancellationToken, ("id", id));

    [Function(nameof(ApiRoutes.GetIndicators))]
    public Task<IActionResult> GetIndicatorsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.IndicatorsPath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.GetIndicators, request, cancellationToken);

    [Function(nameof(ApiRoutes.GetCompleteness))]
    public Task<IActionResult> GetCompletenessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.CompletenessPath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.GetCompleteness, request, cancellationToken);

    /// <summary>The on-demand recalculation: a city reviewer or an operator (the function key alone is not enough).</summary>
    [Function(nameof(ApiRoutes.RecalculateNow))]
    public Task<IActionResult> RecalculateNowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RecalculatePath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.RecalculateNow, request, cancellationToken);

    [Function(nameof(ApiRoutes.GetTemplate))]
    public Task<IActionResult> GetTemplateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.TemplatePath)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.GetTemplate, request, cancellationToken);

    private async Task<IActionResult> RunAsync(ApiRoute route, HttpRequest request, CancellationToken cancellationToken, params (string Name, string Value)[] routeValues) =>
        await api.InvokeAsync(route, request, routeValues.ToDictionary(v => v.Name, v => (string?)v.Value, StringComparer.OrdinalIgnoreCase), cancellationToken);
}
