using CadrePipeline.Azure.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CadrePipeline.Functions;

/// <summary>
/// The upload page (web/ files copied beside the app) at <c>/api/ui/</c>. The page holds no data, so it is served
/// anonymously, and so is its sign-in settings file (<see cref="WebAssets.SignInConfigFile"/>: issuer, public client id,
/// scopes); every API route it calls (<see cref="ApiFunctions"/>) needs the function key (the page forwards
/// <c>?code=</c> as <c>x-functions-key</c>) and a bearer token from the sign-in.
/// </summary>
public sealed class UploadPageFunctions(IOptions<SignInOptions> signIn)
{
    private static readonly WebAssets Assets = WebAssets.Locate();

    [Function("UploadPage")]
    public IActionResult GetPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*path}")] HttpRequest request, string? path)
    {
        if (string.IsNullOrEmpty(path) && !request.Path.Value!.EndsWith('/'))
        {
            return new RedirectResult(request.Path.Value + "/" + request.QueryString.Value, permanent: false);
        }

        if (path == WebAssets.SignInConfigFile)
        {
            return new ApiResponse(ApiResult.Ok(WebAssets.PageConfig(signIn.Value)));
        }

        var asset = Assets.Resolve(path);
        if (asset is null)
        {
            return new NotFoundResult();
        }

        foreach (var (k, v) in WebAssets.SecurityHeaders(signIn.Value))
        {
            request.HttpContext.Response.Headers[k] = v;
        }

        return new PhysicalFileResult(asset.FullPath, asset.ContentType);
    }
}
