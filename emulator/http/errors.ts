/**
 * Errors in the VSS `WrappedException` shape every Azure DevOps API returns (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits, https://github.com/microsoft/playwright, https://github.com/MicrosoftDocs/vsts-rest-api-specs/issues/97):
 * `{"$id":"1","innerException":null,"message":…,"typeName":…,"typeKey":…,"errorCode":0,"eventId":3000}`.
 */

export class VssError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly typeKey: string,
    readonly typeName: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      $id: "1",
      innerException: null,
      message: this.message,
      typeName: this.typeName,
      typeKey: this.typeKey,
      errorCode: 0,
      eventId: 3000,
    };
  }
}

const WEBAPI = "Microsoft.VisualStudio.Services.WebApi";

export const errors = {
  /** (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits) */
  unauthorized: () =>
    new VssError(
      401,
      "TF400813: The user '' is not authorized to access this resource.",
      "UnauthorizedRequestException",
      "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server",
    ),

  /** The "Access Denied: X needs the following permission(s) on the resource Y" form (inferred: https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits 403). */
  accessDenied: (who: string, resource: string, permission: string) =>
    new VssError(
      403,
      `Access Denied: ${who} needs the following permission(s) on the resource ${resource} to perform this action: ${permission}`,
      "AccessCheckException",
      `Microsoft.VisualStudio.Services.Security.AccessCheckException, ${WEBAPI}`,
    ),

  /**
   * Refusal of a whole API area (a seed token's `denyAreas`). The VS403… number is illustrative; the
   * real service uses several codes for these checks (inferred: https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits).
   */
  areaDenied: (who: string, area: string) =>
    new VssError(
      403,
      `VS403403: Access denied. ${who} does not have permission to read ${area} in this organization.`,
      "AccessCheckException",
      `Microsoft.VisualStudio.Services.Security.AccessCheckException, ${WEBAPI}`,
    ),

  /** (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list) */
  projectNotFound: (name: string) =>
    new VssError(
      404,
      `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      "ProjectDoesNotExistWithNameException",
      "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
    ),

  /** (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list, https://github.com/mondoohq/mql) message wording (inferred, not documented). */
  repositoryNotFound: (name: string) =>
    new VssError(
      404,
      `TF401019: The Git repository with name or identifier ${name} does not exist or you do not have permissions for the operation you are attempting.`,
      "GitRepositoryNotFoundException",
      "Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server",
    ),

  /** Generic 404 for an unknown resource or an API the host does not serve (inferred, not documented). */
  notFound: (message: string, typeKey = "VssResourceNotFoundException") =>
    new VssError(404, message, typeKey, `Microsoft.VisualStudio.Services.WebApi.${typeKey}, ${WEBAPI}`),

  badRequest: (message: string, typeKey = "ArgumentException") => new VssError(400, message, typeKey, `System.${typeKey}, mscorlib`),

  /** (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning) */
  previewRequired: (version: string) =>
    new VssError(
      400,
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
      "VssInvalidPreviewVersionException",
      `Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, ${WEBAPI}`,
    ),

  /** (inferred: https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning) */
  versionNotSpecified: (method: string) =>
    new VssError(
      400,
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. '?api-version=1.0').`,
      "VssVersionNotSpecifiedException",
      `Microsoft.VisualStudio.Services.WebApi.VssVersionNotSpecifiedException, ${WEBAPI}`,
    ),

  /** (inferred, not documented) */
  invalidVersion: (version: string) =>
    new VssError(
      400,
      `The api-version '${version}' is not valid. It should be in the format major.minor[-preview[.revision]].`,
      "VssInvalidApiVersionException",
      `Microsoft.VisualStudio.Services.WebApi.VssInvalidApiVersionException, ${WEBAPI}`,
    ),

  /** (inferred, not documented) */
  versionOutOfRange: (version: string, latest: string) =>
    new VssError(
      400,
      `The requested REST API version of ${version} is out of range for this server. The latest REST API version this server supports is ${latest}.`,
      "VssVersionOutOfRangeException",
      `Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, ${WEBAPI}`,
    ),

  /** A body the server cannot bind, e.g. a non-array `accessControlEntries` (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries, https://github.com/MicrosoftDocs/vsts-rest-api-specs/issues/223). */
  serialization: (detail: string) =>
    new VssError(
      500,
      `TF400898: An Internal Error Occurred. Activity Id: 00000000-0000-0000-0000-000000000000. ${detail}`,
      "JsonSerializationException",
      "Newtonsoft.Json.JsonSerializationException, Newtonsoft.Json",
    ),

  /** 429 from the throttle switch (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits); the exception type name is (inferred, not documented). */
  throttled: (resource: string, headers: Record<string, string>) =>
    new VssError(
      429,
      `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource '${resource}' in namespace 'User'.`,
      "RequestBlockedException",
      "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server",
      headers,
    ),

  /** Injected server faults (the fault switch). */
  fault: (status: 500 | 503) =>
    status === 503
      ? new VssError(
          503,
          "VS800050: The service is temporarily unavailable. Please retry the request.",
          "ServiceUnavailableException",
          `Microsoft.VisualStudio.Services.WebApi.ServiceUnavailableException, ${WEBAPI}`,
        )
      : new VssError(
          500,
          "TF400898: An Internal Error Occurred. Activity Id: 5b4c3f77-0e6d-4c2b-9a85-3f0f6a1d2e90.",
          "VssServiceException",
          `Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common`,
        ),
};
