# dojo_slug 0.9.0: turns titles into URL slugs.
module DojoSlug
  VERSION = '0.9.0'
end
