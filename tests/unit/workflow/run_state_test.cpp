// Run-scheduling rules: runAfter combinations, Skipped propagation, parallel branches, the
// scope's and the run's final status, Terminate, nested containers, and resume.
#include "workflow/run_state.hpp"

#include <gtest/gtest.h>

#include "workflow/validate.hpp"
#include "workflow_test_helpers.hpp"

using namespace mailflow::workflow;
using S = Status;
using Names = std::vector<std::string>;

namespace {

const std::set<Status> kAny = {S::Succeeded, S::Failed, S::Skipped, S::TimedOut};

Step step(std::string name, RunAfter after = {}) { return {std::move(name), std::move(after)}; }

// Completes `name` and returns the actions it skipped (fails the test on a caller error).
Names finish(ScopeState& s, const std::string& name, Status status) {
  auto r = s.complete(name, status);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Names{};
}

}  // namespace

TEST(RunState, ChainRunsInOrder) {
  ScopeState s({step("A"), step("B", {{"A", {S::Succeeded}}}), step("C", {{"B", {S::Succeeded}}})});
  EXPECT_EQ(s.ready(), Names{"A"});
  EXPECT_EQ(s.ready(), Names{});  // each action is handed out once
  EXPECT_EQ(s.status_of("A"), S::Running);
  EXPECT_EQ(s.status_of("B"), std::nullopt);
  EXPECT_FALSE(s.done());
  EXPECT_EQ(s.status(), S::Running);
  finish(s, "A", S::Succeeded);
  EXPECT_EQ(s.ready(), Names{"B"});
  finish(s, "B", S::Succeeded);
  EXPECT_EQ(s.ready(), Names{"C"});
  finish(s, "C", S::Succeeded);
  EXPECT_TRUE(s.done());
  EXPECT_EQ(s.status(), S::Succeeded);
}

TEST(RunState, ParallelBranchesAndAJoinThatWaitsForAll) {
  ScopeState s(
      {step("A"), step("B"), step("Join", {{"A", {S::Succeeded}}, {"B", {S::Succeeded}}})});
  EXPECT_EQ(s.ready(), (Names{"A", "B"}));
  finish(s, "B", S::Succeeded);
  EXPECT_EQ(s.ready(), Names{});  // A still running: all predecessors must be satisfied
  EXPECT_EQ(s.running(), Names{"A"});
  finish(s, "A", S::Succeeded);
  EXPECT_EQ(s.ready(), Names{"Join"});
}

TEST(RunState, RunAfterFailedRunsTheHandlerAndSkipsTheHappyPath) {
  ScopeState s(
      {step("A"), step("Next", {{"A", {S::Succeeded}}}), step("Handler", {{"A", {S::Failed}}})});
  s.ready();
  EXPECT_EQ(finish(s, "A", S::Failed), Names{"Next"});
  EXPECT_EQ(s.status_of("Next"), S::Skipped);
  EXPECT_EQ(s.ready(), Names{"Handler"});
}

TEST(RunState, StatusListsAcceptAnyListedStatus) {
  for (Status st : {S::Succeeded, S::Failed, S::TimedOut}) {
    ScopeState s(
        {step("A"), step("Always", {{"A", kAny}}), step("Timeout_only", {{"A", {S::TimedOut}}})});
    s.ready();
    Names skipped = finish(s, "A", st);
    Names expected = st == S::TimedOut ? Names{"Always", "Timeout_only"} : Names{"Always"};
    EXPECT_EQ(s.ready(), expected) << status_name(st);
    EXPECT_EQ(skipped.empty(), st == S::TimedOut) << status_name(st);
  }
}

TEST(RunState, SkippedPropagatesDownAChainUntilSomeoneAcceptsSkipped) {
  ScopeState s({step("A"), step("B", {{"A", {S::Succeeded}}}), step("C", {{"B", {S::Succeeded}}}),
                step("D", {{"C", {S::Succeeded}}}), step("Cleanup", {{"C", {S::Skipped}}})});
  s.ready();
  EXPECT_EQ(finish(s, "A", S::Failed), (Names{"B", "C", "D"}));
  EXPECT_EQ(s.ready(), Names{"Cleanup"});
  finish(s, "Cleanup", S::Succeeded);
  EXPECT_TRUE(s.done());
  // Leaves: D (skipped → C → B → A: Failed) and Cleanup (Succeeded): the D branch fails the scope.
  EXPECT_EQ(s.status(), S::Failed);
}

TEST(RunState, OneUnmetPredecessorSkipsAtOnceEvenWhileOthersRun) {
  ScopeState s(
      {step("A"), step("B"), step("Both", {{"A", {S::Succeeded}}, {"B", {S::Succeeded}}})});
  s.ready();
  EXPECT_EQ(finish(s, "A", S::Failed), Names{"Both"});
  EXPECT_FALSE(s.done());  // B still runs
  finish(s, "B", S::Succeeded);
  EXPECT_EQ(s.status(), S::Failed);  // Both's branch takes the worst predecessor: A Failed
}

TEST(RunState, MixedPredecessorRequirements) {
  ScopeState s({step("A"), step("B"), step("D", {{"A", {S::Succeeded}}, {"B", {S::Failed}}})});
  s.ready();
  finish(s, "A", S::Succeeded);
  EXPECT_EQ(s.ready(), Names{});
  finish(s, "B", S::Failed);
  EXPECT_EQ(s.ready(), Names{"D"});
  finish(s, "D", S::Succeeded);
  EXPECT_EQ(s.status(), S::Succeeded);  // B's failure was handled by D
}

TEST(RunState, FinalStatusRules) {
  struct Case {
    const char* what;
    Status a;
    std::set<Status> b_after;
    Status b;  // B's status when it runs
    Status expected;
  } cases[] = {
      {"unhandled failure", S::Failed, {S::Succeeded}, S::Succeeded, S::Failed},
      {"handled failure", S::Failed, {S::Failed}, S::Succeeded, S::Succeeded},
      {"handler fails too", S::Failed, {S::Failed}, S::Failed, S::Failed},
      {"handler not needed", S::Succeeded, {S::Failed}, S::Succeeded, S::Succeeded},
      {"timed out, unhandled", S::TimedOut, {S::Succeeded}, S::Succeeded, S::Failed},
      {"timed out, handled", S::TimedOut, {S::TimedOut}, S::Succeeded, S::Succeeded},
      {"cancelled leaf", S::Succeeded, {S::Succeeded}, S::Cancelled, S::Cancelled},
      {"aborted leaf", S::Succeeded, {S::Succeeded}, S::Aborted, S::Failed},
  };
  for (const auto& c : cases) {
    ScopeState s({step("A"), step("B", {{"A", c.b_after}})});
    s.ready();
    finish(s, "A", c.a);
    if (!s.ready().empty()) finish(s, "B", c.b);
    EXPECT_TRUE(s.done()) << c.what;
    EXPECT_EQ(s.status(), c.expected) << c.what << ": got " << status_name(s.status());
  }
}

TEST(RunState, ParallelBranchFailureFailsTheRun) {
  ScopeState s({step("Left"), step("Right"), step("Left_2", {{"Left", {S::Succeeded}}})});
  s.ready();
  finish(s, "Left", S::Succeeded);
  finish(s, "Right", S::Failed);
  s.ready();
  finish(s, "Left_2", S::Succeeded);
  EXPECT_EQ(s.status(), S::Failed);
}

TEST(RunState, TryCatchWithASkippedSuccessBranchIsFailed) {
  // Microsoft: a branch ending in a Skipped action takes its predecessor's status.
  ScopeState s({step("Try"), step("Catch", {{"Try", {S::Failed, S::TimedOut}}}),
                step("On_success", {{"Try", {S::Succeeded}}})});
  s.ready();
  finish(s, "Try", S::Failed);
  s.ready();
  finish(s, "Catch", S::Succeeded);
  EXPECT_EQ(s.status(), S::Failed);
}

TEST(RunState, EmptyScopeSucceeds) {
  ScopeState s(std::vector<Step>{});
  EXPECT_TRUE(s.done());
  EXPECT_EQ(s.status(), S::Succeeded);
  EXPECT_EQ(s.ready(), Names{});
}

TEST(RunState, TerminateStopsTheScopeWithTheGivenStatus) {
  ScopeState s({step("Slow"), step("Stop"), step("After_stop", {{"Stop", {S::Succeeded}}}),
                step("After_slow", {{"Slow", {S::Succeeded}}})});
  s.ready();
  finish(s, "Stop", S::Succeeded);  // the Terminate action itself succeeds
  s.terminate(S::Failed);
  EXPECT_EQ(s.ready(), Names{});  // nothing starts after a Terminate
  EXPECT_FALSE(s.done());         // Slow is still running
  EXPECT_EQ(s.status(), S::Running);
  finish(s, "Slow", S::Cancelled);
  EXPECT_TRUE(s.done());
  EXPECT_EQ(s.status(), S::Failed);
  EXPECT_EQ(s.not_started(), (Names{"After_stop", "After_slow"}));
  EXPECT_EQ(s.status_of("After_stop"), std::nullopt);
}

TEST(RunState, TerminateSucceededAndCancel) {
  ScopeState ok({step("A"), step("B", {{"A", {S::Succeeded}}})});
  ok.ready();
  ok.terminate(S::Succeeded);
  finish(ok, "A", S::Failed);  // a failure after a Terminate(Succeeded) does not change it
  EXPECT_EQ(ok.status(), S::Succeeded);

  ScopeState cancelled({step("A")});
  cancelled.terminate(S::Cancelled);
  EXPECT_TRUE(cancelled.done());
  EXPECT_EQ(cancelled.status(), S::Cancelled);
  EXPECT_EQ(cancelled.ready(), Names{});
}

TEST(RunState, NestedIfSwitchScopeAndForeachStatuses) {
  // Top: Cond (If) → Report runs after Cond Succeeded; Notify after Cond Failed.
  ScopeState top({step("Cond"), step("Report", {{"Cond", {S::Succeeded}}}),
                  step("Notify", {{"Cond", {S::Failed}}})});
  EXPECT_EQ(top.ready(), Names{"Cond"});

  // The If's true branch: a Scope whose send fails, caught inside the scope.
  ScopeState branch({step("Scope")});
  branch.ready();
  ScopeState scope({step("Send"), step("Log", {{"Send", {S::Failed}}})});
  scope.ready();
  finish(scope, "Send", S::Failed);
  scope.ready();
  finish(scope, "Log", S::Succeeded);
  EXPECT_EQ(scope.status(), S::Succeeded);  // handled inside the Scope
  finish(branch, "Scope", scope.status());

  // A Switch case inside the same branch whose only action fails: the Switch fails.
  ScopeState case_scope({step("Set")});
  case_scope.ready();
  finish(case_scope, "Set", S::Failed);
  EXPECT_EQ(case_scope.status(), S::Failed);

  // A Foreach whose second iteration failed.
  EXPECT_EQ(iterations_status({S::Succeeded, S::Failed, S::Succeeded}), S::Failed);
  EXPECT_EQ(iterations_status({S::Succeeded, S::Succeeded}), S::Succeeded);
  EXPECT_EQ(iterations_status({S::Succeeded, S::Cancelled}), S::Cancelled);
  EXPECT_EQ(iterations_status({}), S::Succeeded);

  ScopeState branch2({step("Scope"), step("Switch", {{"Scope", {S::Succeeded}}})});
  branch2.ready();
  finish(branch2, "Scope", scope.status());
  branch2.ready();
  finish(branch2, "Switch", case_scope.status());
  EXPECT_EQ(branch2.status(), S::Failed);

  finish(top, "Cond", branch2.status());  // the If takes its branch's status
  EXPECT_EQ(top.ready(), Names{"Notify"});
  EXPECT_EQ(top.status_of("Report"), S::Skipped);
  finish(top, "Notify", S::Succeeded);
  // Report's branch is skipped after a Failed If: the run is Failed although Notify handled it.
  EXPECT_EQ(top.status(), S::Failed);
}

TEST(RunState, ResumeCompletesActionsThatWereNeverHandedOut) {
  ScopeState s({step("A"), step("B", {{"A", {S::Succeeded}}}), step("C", {{"A", {S::Failed}}})});
  EXPECT_EQ(finish(s, "A", S::Succeeded), Names{"C"});  // restored from the store
  EXPECT_TRUE(finish(s, "C", S::Skipped).empty());      // the stored skip: same status, no-op
  EXPECT_EQ(s.ready(), Names{"B"});
}

TEST(RunState, CallerBugsAreErrors) {
  ScopeState s({step("A")});
  s.ready();
  EXPECT_FALSE(s.complete("Nope", S::Succeeded).ok());
  EXPECT_FALSE(s.complete("A", S::Running).ok());
  EXPECT_FALSE(s.complete("A", S::Waiting).ok());
  ASSERT_TRUE(s.complete("A", S::Succeeded).ok());
  EXPECT_TRUE(s.complete("A", S::Succeeded).ok());
  auto again = s.complete("A", S::Failed);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, mailflow::core::Code::Internal);
}

TEST(RunState, FromTheModel) {
  auto checked = check_workflow(mailflow::workflow::test::fixture("consumption_contact_form.json"));
  ASSERT_TRUE(checked.ok());
  const auto& actions = checked.body.definition.actions;
  ScopeState top(actions);
  EXPECT_EQ(top.ready(), Names{"Parse_JSON"});
  finish(top, "Parse_JSON", S::Succeeded);
  EXPECT_EQ(top.ready(), Names{"Initialize_recipient"});
  finish(top, "Initialize_recipient", S::Succeeded);
  EXPECT_EQ(top.ready(), Names{"Switch_on_topic"});
  finish(top, "Switch_on_topic", S::Succeeded);
  EXPECT_EQ(top.ready(), Names{"Condition_has_message"});
  EXPECT_EQ(finish(top, "Condition_has_message", S::Failed), Names{"Response_ok"});
  EXPECT_EQ(top.ready(), Names{"Response_error"});
  finish(top, "Response_error", S::Succeeded);
  EXPECT_EQ(top.status(), S::Failed);  // Response_ok's skipped branch carries the failure

  ScopeState inner(find_action(actions, "Condition_has_message")->actions);
  EXPECT_EQ(inner.ready(), Names{"Send_an_email_(V3)"});
}

TEST(Status, NamesRoundTripCaseInsensitively) {
  for (Status st : {S::Succeeded, S::Failed, S::Skipped, S::TimedOut, S::Cancelled, S::Aborted,
                    S::Running, S::Waiting})
    EXPECT_EQ(parse_status(status_name(st)), st);
  EXPECT_EQ(parse_status("timedout"), S::TimedOut);
  EXPECT_EQ(parse_status("Done"), std::nullopt);
  EXPECT_FALSE(is_terminal(S::Running));
  EXPECT_TRUE(is_terminal(S::Skipped));
  EXPECT_TRUE(is_run_after_status(S::TimedOut));
  EXPECT_FALSE(is_run_after_status(S::Cancelled));
}
