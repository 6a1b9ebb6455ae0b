# Shared compile settings for every target of the project (not for third-party code).
add_library(idv_warnings INTERFACE)
target_compile_options(idv_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                              -Wno-sign-conversion)
if(IDV_WERROR)
  target_compile_options(idv_warnings INTERFACE -Werror)
endif()

if(IDV_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
