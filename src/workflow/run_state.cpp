// Run-scheduling rules of one scope (see run_state.hpp for the rules and their source).
#include "workflow/run_state.hpp"

#include <algorithm>

namespace mailflow::workflow {
namespace {

// Ranks a branch outcome for "the worst of them": failure > cancel > success > skipped.
int severity(Status s) {
  switch (s) {
    case Status::Failed:
    case Status::TimedOut:
    case Status::Aborted:
      return 3;
    case Status::Cancelled:
      return 2;
    case Status::Skipped:
      return 0;
    default:
      return 1;
  }
}

// Aggregates branch outcomes: any failure → Failed, any cancel → Cancelled, else Succeeded.
Status aggregate(const std::vector<Status>& outcomes) {
  int worst = 0;
  for (Status s : outcomes) worst = std::max(worst, severity(s));
  return worst == 3 ? Status::Failed : worst == 2 ? Status::Cancelled : Status::Succeeded;
}

core::Error caller_bug(std::string message) {
  return core::Error(core::Code::Internal, std::move(message));
}

}  // namespace

std::vector<Step> steps_of(const Actions& scope) {
  std::vector<Step> out;
  out.reserve(scope.size());
  for (const auto& a : scope) out.push_back({a.name, a.run_after});
  return out;
}

ScopeState::ScopeState(std::vector<Step> steps) {
  entries_.reserve(steps.size());
  for (auto& s : steps) {
    Entry e;
    e.step = std::move(s);
    entries_.push_back(std::move(e));
  }
  for (auto& e : entries_) {
    for (const auto& [pred, statuses] : e.step.run_after) {
      auto it = std::find_if(entries_.begin(), entries_.end(),
                             [&](const Entry& p) { return p.step.name == pred; });
      if (it == entries_.end()) continue;
      e.predecessors.push_back(static_cast<std::size_t>(it - entries_.begin()));
      it->has_successor = true;
    }
  }
}

ScopeState::Verdict ScopeState::verdict(const Entry& e) const {
  bool all_met = true;
  for (std::size_t p : e.predecessors) {
    const Entry& pred = entries_[p];
    if (pred.phase != Phase::Finished) {
      all_met = false;
      continue;
    }
    const auto& accepted = e.step.run_after.at(pred.step.name);
    if (!accepted.count(pred.status)) return Verdict::Skip;  // can never be met now
  }
  return all_met ? Verdict::Run : Verdict::Wait;
}

std::vector<std::string> ScopeState::ready() {
  std::vector<std::string> out;
  if (terminated_) return out;
  for (auto& e : entries_) {
    if (e.phase != Phase::Pending || verdict(e) != Verdict::Run) continue;
    e.phase = Phase::Running;
    out.push_back(e.step.name);
  }
  return out;
}

std::vector<std::string> ScopeState::propagate_skips() {
  if (terminated_) return {};  // after a Terminate, what has not run stays not run
  std::vector<bool> skipped(entries_.size(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      Entry& e = entries_[i];
      if (e.phase != Phase::Pending || verdict(e) != Verdict::Skip) continue;
      e.phase = Phase::Finished;
      e.status = Status::Skipped;
      skipped[i] = changed = true;
    }
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (skipped[i]) out.push_back(entries_[i].step.name);
  return out;
}

core::Result<std::vector<std::string>> ScopeState::complete(std::string_view name, Status status) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.step.name == name; });
  if (it == entries_.end())
    return caller_bug("no action '" + std::string(name) + "' in this scope");
  if (!is_terminal(status))
    return caller_bug("'" + std::string(status_name(status)) + "' is not a final status");
  if (it->phase == Phase::Finished) {
    if (it->status == status) return std::vector<std::string>{};
    return caller_bug("action '" + std::string(name) + "' already finished " +
                      std::string(status_name(it->status)));
  }
  it->phase = Phase::Finished;
  it->status = status;
  return propagate_skips();
}

void ScopeState::terminate(Status status) {
  if (!terminated_) terminated_ = status;
}

bool ScopeState::done() const {
  for (const auto& e : entries_) {
    if (e.phase == Phase::Running) return false;
    if (e.phase == Phase::Pending && !terminated_) return false;
  }
  return true;
}

Status ScopeState::branch_status(std::size_t i, std::map<std::size_t, Status>& memo) const {
  if (auto it = memo.find(i); it != memo.end()) return it->second;
  const Entry& e = entries_[i];
  Status out = e.status;
  if (e.status == Status::Skipped) {
    // A branch ending in a skip takes its predecessors' outcome (the worst of them).
    for (std::size_t p : e.predecessors) {
      Status s = branch_status(p, memo);
      if (severity(s) > severity(out)) out = s;
    }
  }
  memo[i] = out;
  return out;
}

Status ScopeState::status() const {
  if (!done()) return Status::Running;
  if (terminated_) return *terminated_;
  std::map<std::size_t, Status> memo;
  std::vector<Status> leaves;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (!entries_[i].has_successor) leaves.push_back(branch_status(i, memo));
  return aggregate(leaves);
}

const ScopeState::Entry* ScopeState::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.step.name == name) return &e;
  return nullptr;
}

std::optional<Status> ScopeState::status_of(std::string_view name) const {
  const Entry* e = find(name);
  if (!e || e->phase == Phase::Pending) return std::nullopt;
  return e->phase == Phase::Running ? Status::Running : e->status;
}

std::vector<std::string> ScopeState::running() const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (e.phase == Phase::Running) out.push_back(e.step.name);
  return out;
}

std::vector<std::string> ScopeState::not_started() const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (e.phase == Phase::Pending) out.push_back(e.step.name);
  return out;
}

Status iterations_status(const std::vector<Status>& iterations) { return aggregate(iterations); }

}  // namespace mailflow::workflow
