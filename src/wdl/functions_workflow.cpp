// Workflow functions (trigger*, formData*, multipartBody, actions, body, outputs, items, item,
// iterationIndexes, variables, parameters, appsetting, workflow, result, listCallbackUrl): read the evaluation Context (trigger, actions, variables, parameters, loops,
// workflow info). They return pointers into the context so member access copies only the leaf.
#include <boost/json/value.hpp>

#include "wdl/args.hpp"
#include "wdl/function_table.hpp"

namespace mailflow::wdl {
namespace json = boost::json;
namespace {

const json::value kNull;

const json::value* child(const json::value* v, std::string_view key) {
  if (!v || !v->is_object()) return nullptr;
  return v->get_object().if_contains(json::string_view(key.data(), key.size()));
}
const json::value* or_null(const json::value* v) { return v ? v : &kNull; }

const json::value* need_trigger(const CallEnv& env) {
  const json::value* t = env.ctx.trigger();
  if (!t) env.fail("there is no trigger result in this context");
  return t;
}

const json::value* need_action(const CallEnv& env, Args a) {
  std::string_view name = arg_string(env, a, 0, "actionName");
  const json::value* v = env.ctx.action(name);
  if (!v) env.fail("the action '" + std::string(name) + "' is not in the workflow or has not run yet");
  return v;
}

const json::value* trigger_fn(const CallEnv& env, Args) { return need_trigger(env); }
const json::value* trigger_outputs(const CallEnv& env, Args) { return or_null(child(need_trigger(env), "outputs")); }
const json::value* trigger_body(const CallEnv& env, Args) {
  return or_null(child(child(need_trigger(env), "outputs"), "body"));
}

// Form data arrives as {"$content-type": "multipart/form-data", "$multipart": [{"headers":
// {"Content-Disposition": "form-data; name=\"key\""}, "body": ...}]} or, urlencoded, as
// {"$formdata": [{"key": k, "value": v}]}.
json::array form_values(const json::value* body, std::string_view key) {
  json::array out;
  if (const json::value* fd = child(body, "$formdata"); fd && fd->is_array()) {
    for (const auto& e : fd->get_array())
      if (const json::value* k = child(&e, "key"); k && k->is_string() && k->get_string() == key)
        out.push_back(*or_null(child(&e, "value")));
    return out;
  }
  if (const json::value* mp = child(body, "$multipart"); mp && mp->is_array()) {
    std::string needle = "name=\"" + std::string(key) + "\"";
    for (const auto& part : mp->get_array()) {
      const json::value* cd = child(child(&part, "headers"), "Content-Disposition");
      if (cd && cd->is_string() && std::string_view(cd->get_string()).find(needle) != std::string_view::npos)
        out.push_back(*or_null(child(&part, "body")));
    }
  }
  return out;
}

const json::value* trigger_body_of(const CallEnv& env) { return child(child(need_trigger(env), "outputs"), "body"); }
const json::value* action_body_of(const CallEnv& env, Args a) { return child(child(need_action(env, a), "outputs"), "body"); }

json::value first_form_value(const CallEnv& env, const json::value* body, Args a, std::size_t key_index) {
  auto key = arg_string(env, a, key_index, "key");
  json::array v = form_values(body, key);
  if (v.empty()) env.fail("the form data has no value for key '" + std::string(key) + "'");
  return v[0];
}

json::value multipart_part(const CallEnv& env, const json::value* body, Args a, std::size_t index_arg) {
  std::int64_t i = arg_int(env, a, index_arg, "index");
  const json::value* mp = child(body, "$multipart");
  if (!mp || !mp->is_array()) env.fail("the body is not multipart");
  if (i < 0 || static_cast<std::size_t>(i) >= mp->get_array().size())
    env.fail_arg(index_arg, "index", "is out of range: the body has " + std::to_string(mp->get_array().size()) + " parts");
  return *or_null(child(&mp->get_array()[static_cast<std::size_t>(i)], "body"));
}

json::value trigger_form_value(const CallEnv& env, Args a) { return first_form_value(env, trigger_body_of(env), a, 0); }
json::value trigger_form_values(const CallEnv& env, Args a) { return form_values(trigger_body_of(env), arg_string(env, a, 0, "key")); }
json::value trigger_multipart_body(const CallEnv& env, Args a) { return multipart_part(env, trigger_body_of(env), a, 0); }
json::value form_data_value(const CallEnv& env, Args a) { return first_form_value(env, action_body_of(env, a), a, 1); }
json::value form_data_values(const CallEnv& env, Args a) {
  return form_values(action_body_of(env, a), arg_string(env, a, 1, "key"));
}
json::value multipart_body(const CallEnv& env, Args a) { return multipart_part(env, action_body_of(env, a), a, 1); }

const json::value* actions_fn(const CallEnv& env, Args a) { return need_action(env, a); }
const json::value* action_fn(const CallEnv& env, Args) {
  const json::value* v = env.ctx.current_action();
  if (!v) env.fail("action() is only available inside an action");
  return v;
}
const json::value* body_fn(const CallEnv& env, Args a) { return or_null(child(child(need_action(env, a), "outputs"), "body")); }
const json::value* outputs_fn(const CallEnv& env, Args a) { return or_null(child(need_action(env, a), "outputs")); }

const json::value* items_fn(const CallEnv& env, Args a) {
  auto loop = arg_string(env, a, 0, "loopName");
  const json::value* v = env.ctx.loop_item(loop);
  if (!v) env.fail("'" + std::string(loop) + "' is not a For each loop around this action");
  return v;
}
const json::value* item_fn(const CallEnv& env, Args) {
  const json::value* v = env.ctx.current_item();
  if (!v) env.fail("item() is only available inside a For each loop");
  return v;
}
json::value iteration_indexes(const CallEnv& env, Args a) {
  auto loop = arg_string(env, a, 0, "loopName");
  auto v = env.ctx.iteration_index(loop);
  if (!v) env.fail("'" + std::string(loop) + "' is not an Until loop around this action");
  return *v;
}
const json::value* variables_fn(const CallEnv& env, Args a) {
  auto name = arg_string(env, a, 0, "variableName");
  const json::value* v = env.ctx.variable(name);
  if (!v) env.fail("the variable '" + std::string(name) + "' is not initialized");
  return v;
}
const json::value* parameters_fn(const CallEnv& env, Args a) {
  auto name = arg_string(env, a, 0, "parameterName");
  const json::value* v = env.ctx.parameter(name);
  if (!v) env.fail("the workflow parameter '" + std::string(name) + "' is not found");
  return v;
}
const json::value* appsetting_fn(const CallEnv& env, Args a) {
  auto name = arg_string(env, a, 0, "settingName");
  const json::value* v = env.ctx.appsetting(name);
  if (!v) env.fail("the app setting '" + std::string(name) + "' is not found");
  return v;
}
const json::value* workflow_fn(const CallEnv& env, Args) { return or_null(env.ctx.workflow()); }
const json::value* result_fn(const CallEnv& env, Args a) {
  auto scope = arg_string(env, a, 0, "scopedActionName");
  const json::value* v = env.ctx.scope_result(scope);
  if (!v) env.fail("'" + std::string(scope) + "' is not a scoped action that has run");
  return v;
}
json::value list_callback_url(const CallEnv& env, Args) {
  auto url = env.ctx.callback_url();
  if (!url) env.fail("this workflow has no request trigger with a callback URL");
  return json::string(*url);
}

}  // namespace

void register_workflow_functions(FunctionTable& t) {
  t.add({"trigger", 0, 0, nullptr, trigger_fn});
  t.add({"triggerOutputs", 0, 0, nullptr, trigger_outputs});
  t.add({"triggerBody", 0, 0, nullptr, trigger_body});
  t.add({"triggerFormDataValue", 1, 1, trigger_form_value});
  t.add({"triggerFormDataMultiValues", 1, 1, trigger_form_values});
  t.add({"triggerMultipartBody", 1, 1, trigger_multipart_body});
  t.add({"formDataValue", 2, 2, form_data_value});
  t.add({"formDataMultiValues", 2, 2, form_data_values});
  t.add({"multipartBody", 2, 2, multipart_body});
  t.add({"actions", 1, 1, nullptr, actions_fn});
  t.add({"action", 0, 0, nullptr, action_fn});
  t.add({"body", 1, 1, nullptr, body_fn});
  t.add({"actionBody", 1, 1, nullptr, body_fn});
  t.add({"outputs", 1, 1, nullptr, outputs_fn});
  t.add({"actionOutputs", 1, 1, nullptr, outputs_fn});
  t.add({"items", 1, 1, nullptr, items_fn});
  t.add({"item", 0, 0, nullptr, item_fn});
  t.add({"iterationIndexes", 1, 1, iteration_indexes});
  t.add({"variables", 1, 1, nullptr, variables_fn});
  t.add({"parameters", 1, 1, nullptr, parameters_fn});
  t.add({"appsetting", 1, 1, nullptr, appsetting_fn});
  t.add({"workflow", 0, 0, nullptr, workflow_fn});
  t.add({"result", 1, 1, nullptr, result_fn});
  t.add({"listCallbackUrl", 0, 0, list_callback_url});
}

}  // namespace mailflow::wdl
