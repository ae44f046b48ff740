export {
  type ActionsRun,
  actionsRun,
  GitHubSetupError,
  gitHubToken,
  type PullRequestEvent,
} from './actions.js';
export {
  APPLY_FAILED_LABEL,
  type ApplyPublication,
  type ApplyRun,
  mergedPullRequest,
  publishApplyReport,
} from './apply-report.js';
export { type DriftBranchesOptions, gitDriftBranches } from './drift-branches.js';
export {
  type BranchUpdate,
  DRIFT_BRANCH_PREFIX,
  DRIFT_LABEL,
  type DriftBranches,
  type DriftSync,
  driftFingerprint,
  syncDriftPullRequests,
} from './drift-prs.js';
export { type GitHubSettings, gitHubHost } from './octokit.js';
export { type Pacing, WRITE_SPACING_MS, waitBeforeRetry } from './pacing.js';
export {
  markPlanOutdated,
  type PlanCommentFor,
  planCommentBody,
  publishPlanComment,
  type ReviewedPlan,
  reviewedPlan,
} from './plan-comment.js';
export { GITHUB_BODY_LIMIT, type Publication, readMarker } from './sticky.js';
export { type CodeHost, CodeHostError, type Comment, type Issue, type PullRequest } from './types.js';
