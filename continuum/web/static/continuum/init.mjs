// Start GOV.UK Frontend's components (menu toggle, skip link, error summary...).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
