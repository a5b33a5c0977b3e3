// Workflow functions over a JsonContext, and member access rules ('?' null-safe, errors).
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

namespace {
const char* kCtx = R"({
  "trigger": {"outputs": {"headers": {"Content-Type": "application/json"},
              "body": {"Email": "ann@example.com", "Name": "Ann", "Tags": ["a", "b"], "Nested": {"Deep": 1},
                       "$formdata": [{"key": "k", "value": "v1"}, {"key": "k", "value": "v2"}]}}},
  "actions": {"Get_user": {"status": "Succeeded", "outputs": {"statusCode": 200, "headers": {}, "body": {"Id": 283541717}}},
              "Upload": {"status": "Succeeded", "outputs": {"body": {"$content-type": "multipart/form-data",
                "$multipart": [{"headers": {"Content-Disposition": "form-data; name=\"file\""}, "body": "abc"},
                               {"headers": {"Content-Disposition": "form-data; name=\"note\""}, "body": "hi"}]}}}},
  "variables": {"recipients": ["a@x.com", "b@x.com"], "count": 3},
  "parameters": {"customerName": "Sophia Owen"},
  "appsettings": {"Region": "westeurope"},
  "items": {"For_each": {"id": 7}},
  "iterationIndexes": {"Until": 2},
  "workflow": {"name": "wf", "run": {"name": "08585"}},
  "results": {"Scope": [{"name": "A", "status": "Succeeded"}]},
  "callbackUrl": "https://example.com/cb?sig=x",
  "currentAction": "Get_user"
})";
}

TEST(WorkflowFunctions, ReadTheContext) {
  auto ctx = context(kCtx);
  check_table({{"@triggerBody()?['Email']", "\"ann@example.com\""},
               {"@triggerBody().Name", "\"Ann\""},
               {"@triggerOutputs()['headers']['Content-Type']", "\"application/json\""},
               {"@trigger()['outputs']['body']['Tags'][1]", "\"b\""},
               {"@triggerFormDataValue('k')", "\"v1\""},
               {"@triggerFormDataMultiValues('k')", "[\"v1\",\"v2\"]"},
               {"@body('Get_user')['Id']", "283541717"},
               {"@formDataValue('Upload', 'note')", "\"hi\""},
               {"@formDataMultiValues('Upload', 'file')", "[\"abc\"]"},
               {"@multipartBody('Upload', 0)", "\"abc\""},
               {"@actionBody('Get_user')?['Id']", "283541717"},
               {"@outputs('Get_user')['statusCode']", "200"},
               {"@actionOutputs('Get_user').statusCode", "200"},
               {"@actions('Get_user').status", "\"Succeeded\""},
               {"@action()['status']", "\"Succeeded\""},
               {"@{join(variables('recipients'), ';')}", "\"a@x.com;b@x.com\""},
               {"@variables('count')", "3"},
               {"@parameters('customerName')", "\"Sophia Owen\""},
               {"@appsetting('Region')", "\"westeurope\""},
               {"@items('For_each')?['id']", "7"},
               {"@item().id", "7"},
               {"@iterationIndexes('Until')", "2"},
               {"@workflow().run.name", "\"08585\""},
               {"@result('Scope')[0]['status']", "\"Succeeded\""},
               {"@listCallbackUrl()", "\"https://example.com/cb?sig=x\""},
               {"Hi @{triggerBody()?['Name']}", "\"Hi Ann\""}},
              ctx);
}

TEST(WorkflowFunctions, NullSafeAccess) {
  auto ctx = context(kCtx);
  check_table({{"@triggerBody()?['Missing']", "null"},
               {"@triggerBody()?['Missing']?['x']", "null"},
               {"@triggerBody()?['Tags']?[5]", "null"},
               {"@{triggerBody()?['Missing']}", "\"\""},
               {"@equals(triggerBody()?['Missing'], '')", "true"},
               {"@triggerBody()?['email']", "\"ann@example.com\""},
               {"@coalesce(triggerBody()?['Phone'], 'none')", "\"none\""}},
              ctx);
}

TEST(WorkflowFunctions, AccessErrors) {
  auto ctx = context(kCtx);
  EXPECT_EQ(error_of("@triggerBody()['Missing']", ctx),
            "property 'Missing' doesn't exist; available properties are 'Email', 'Name', 'Tags', 'Nested', "
            "'$formdata' (at position 14)");
  EXPECT_EQ(error_of("@triggerBody()?['Missing']['x']", ctx),
            "cannot select property 'x' from a null value; use '?' for null-safe access (at position 26)");
  EXPECT_EQ(error_of("@triggerBody()['Name']['x']", ctx),
            "cannot select property 'x' from a value of type 'String' (at position 22)");
  EXPECT_EQ(error_of("@triggerBody()['Tags'][2]", ctx),
            "array index 2 is out of range (the array has 2 items) (at position 22)");
  EXPECT_EQ(error_of("@triggerBody()['Tags']['a']", ctx),
            "an array index must be an integer, not property 'a' (at position 22)");
  EXPECT_EQ(error_of("@body('Nope')", ctx),
            "function 'body': the action 'Nope' is not in the workflow or has not run yet (at position 1)");
  EXPECT_EQ(error_of("@variables('nope')", ctx),
            "function 'variables': the variable 'nope' is not initialized (at position 1)");
  EXPECT_EQ(error_of("@parameters(1)", ctx),
            "function 'parameters': argument 1 (parameterName) must be a string, but it is of type 'Integer' (at position 1)");
}

TEST(WorkflowFunctions, EmptyContextErrors) {
  EXPECT_NE(error_of("@triggerBody()").find("no trigger"), std::string::npos);
  EXPECT_NE(error_of("@item()").find("For each"), std::string::npos);
  EXPECT_NE(error_of("@listCallbackUrl()").find("callback"), std::string::npos);
  EXPECT_NE(error_of("@triggerMultipartBody(0)").find("no trigger"), std::string::npos);
}
