// The connections a workflow definition uses, collected at deploy time so the caller can check
// that each exists before accepting the workflow. Three ways a definition names one:
//   - Consumption ApiConnection: host.connection.name =
//     "@parameters('$connections')['smtp']['connectionId']" → the $connections key "smtp", which
//     the body's parameters.$connections.value.smtp maps to a connection (connectionName, else the
//     last segment of connectionId);
//   - Standard ApiConnection: host.connection.referenceName → a managedApiConnections name;
//   - Standard ServiceProvider: serviceProviderConfiguration.connectionName → a
//     serviceProviderConnections name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflow/definition.hpp"
#include "workflow/problem.hpp"

namespace mailflow::workflow {

enum class ConnectionKind { ConnectionsParameter, ManagedReference, ServiceProvider };

struct ConnectionReference {
  ConnectionKind kind = ConnectionKind::ConnectionsParameter;
  std::string name;   // the $connections key, referenceName or connectionName
  std::string path;   // where the definition names it (for the caller's "does not exist" error)
  std::string owner;  // the action or trigger that uses it
};

// Every connection reference of the triggers and actions, in definition order; a host.connection
// that names no connection in a form above is a Problem.
std::vector<ConnectionReference> collect_connections(const Definition& definition,
                                                     Problems& problems);

// The $connections key named by "@parameters('$connections')['KEY']['connectionId']" (spaces,
// `?.` and the `@{...}` form allowed), or nullopt.
std::optional<std::string> connections_parameter_key(std::string_view expression);

// The name of the mailflow connection a reference resolves to: for a ConnectionsParameter, the
// $connections entry's connectionName, else the last segment of its connectionId (from the body's
// parameters, else the definition's $connections defaultValue); otherwise the name itself.
// nullopt when $connections has no such key.
std::optional<std::string> resolve_connection_name(const WorkflowBody& body,
                                                   const ConnectionReference& reference);

}  // namespace mailflow::workflow
