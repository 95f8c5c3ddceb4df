# zhifa_embed(target files...): compiles the files into the binary, reachable through
# zhifa::assets::find("templates/layout.html") (paths relative to the source root).
function(zhifa_embed target)
  set(out ${CMAKE_BINARY_DIR}/${target}.cc)
  set(list_file ${CMAKE_BINARY_DIR}/${target}.list)
  string(REPLACE ";" "\n" content "${ARGN}")
  file(WRITE ${list_file}.tmp "${content}")
  file(COPY_FILE ${list_file}.tmp ${list_file} ONLY_IF_DIFFERENT)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DLIST=${list_file} -DOUT=${out} -DROOT=${CMAKE_SOURCE_DIR}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_gen.cmake
    DEPENDS ${ARGN} ${list_file} ${CMAKE_SOURCE_DIR}/cmake/embed_gen.cmake
    COMMENT "Embedding assets")
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${CMAKE_SOURCE_DIR}/src)
endfunction()
