// The course site: Starlight renders content/ (lessons and the start page) and src/pages/labs
// (one page per labs/NN-slug/lab.ts). Search (Pagefind), code highlighting (Expressive Code)
// and the light/dark switch are Starlight's own, so they stay on by default.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { readdirSync } from 'node:fs';

// Starlight's `autogenerate` only understands src/content/docs, so the lessons are listed from
// content/lessons here; each `slug` link takes its label from the page's sidebar label or title.
// A lesson split into parts is a folder (content/lessons/02-handlers/1-....mdx): a group named
// after the folder ("2. Handlers"), its parts in order.
const lessonsDir = new URL('./content/lessons/', import.meta.url);
const pageFile = /^\d+-.*\.mdx?$/;
const lessonLinks = readdirSync(lessonsDir, { withFileTypes: true })
  .filter((entry) => /^\d\d-/.test(entry.name) && (entry.isDirectory() || pageFile.test(entry.name)))
  .sort((a, b) => a.name.localeCompare(b.name))
  .map((entry) => {
    if (!entry.isDirectory()) return { slug: `lessons/${entry.name.replace(/\.mdx?$/, '')}` };
    const [, number, words] = /^(\d\d)-(.*)$/.exec(entry.name);
    const label = `${Number(number)}. ${words[0].toUpperCase()}${words.slice(1).replaceAll('-', ' ')}`;
    const parts = readdirSync(new URL(`${entry.name}/`, lessonsDir)).filter((file) => pageFile.test(file)).sort();
    return { label, items: parts.map((file) => ({ slug: `lessons/${entry.name}/${file.replace(/\.mdx?$/, '')}` })) };
  });

// Lessons that became folders of parts keep their old address: it leads to the first part.
const lessonRedirects = Object.fromEntries(
  lessonLinks.filter((link) => 'items' in link).map((group) => [`/${group.items[0].slug.replace(/\/[^/]+$/, '')}/`, `/${group.items[0].slug}/`]),
);

export default defineConfig({
  // The course runs on the learner's laptop: listen on loopback only. `site` is that address,
  // which Starlight needs for canonical links and the sitemap.
  site: 'http://127.0.0.1:4321',
  server: { host: '127.0.0.1', port: 4321 },
  // Learners read the course in dev mode (npm start): Astro's developer toolbar is noise to them.
  devToolbar: { enabled: false },
  redirects: lessonRedirects,
  vite: {
    build: {
      rollupOptions: {
        // Astro 7 marks MDX modules with a directive that Rolldown warns about on every build;
        // harmless, and tracked upstream as withastro/astro#18087.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    starlight({
      title: 'Lambda Dojo',
      description: 'Learn AWS Lambda on your laptop: lessons, graded labs and an embedded Lambda runtime.',
      sidebar: [
        { label: 'Start here', items: [{ label: 'What Lambda Dojo is', link: '/' }] },
        { label: 'Lessons', items: lessonLinks },
        // The lab links are added per page by src/site/lab-sidebar.ts, read from labs/*/lab.ts.
        { label: 'Labs', items: [{ label: 'All labs', link: '/labs/' }] },
      ],
      routeMiddleware: './src/site/lab-sidebar.ts',
      // Starlight's Markdown features (asides, heading anchors) apply to src/content/docs only,
      // so name the folders where this course keeps its Markdown: lessons and lab READMEs.
      markdown: { processedDirs: ['./content/', './labs/'] },
      customCss: ['./src/styles/course.css'],
      // The footer carries the script that shows progress (a ✓ per passed lab) under npm start.
      components: { Footer: './src/components/CourseFooter.astro' },
      // src/pages/404.astro replaces it, so the build never looks for a docs entry named 404.
      disable404Route: true,
    }),
    // Starlight wants MDX after itself; listing it keeps the version the project pins.
    mdx(),
  ],
});
