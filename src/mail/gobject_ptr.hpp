// Owning pointers for GLib/GMime objects, so no g_object_unref is ever forgotten on an early
// return.
#pragma once

#include <glib-object.h>
#include <glib.h>

#include <memory>

namespace mailflow::mail {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

}  // namespace mailflow::mail
